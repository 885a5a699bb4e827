// Issue 2 end to end, in the real app: a client gets a quote with two lines, which is sent,
// accepted, converted to an invoice, issued and paid; the client's timeline and the dashboard
// follow every step. Screenshots of each main screen go to screenshots/.
import { browser, $, $$, expect } from '@wdio/globals';
import { Key } from 'webdriverio';
import { byId, click, shot } from '../support/app.js';

const elementById = (id: string) => byId(id).getElement();

/** Replaces the text of an input the way a user does: select all, type over it. */
async function typeInto(el: WebdriverIO.Element, text: string): Promise<void> {
  await el.waitForDisplayed();
  await el.click();
  await browser.keys([Key.Ctrl, 'a']);
  await browser.keys(Key.Backspace);
  await el.addValue(text);
  await expect(el).toHaveValue(text);
}

async function fill(id: string, text: string, index = 0): Promise<void> {
  const selector = `[data-testid="${id}"]`;
  await browser.waitUntil(async () => (await $$(selector).length) > index, {
    timeoutMsg: `no input ${id} #${index}`,
  });
  const all = await $$(selector).getElements();
  await typeInto(all[index], text);
}

async function expectStatus(id: string, status: string): Promise<void> {
  const badge = await byId(id);
  await badge.waitUntil(async () => (await badge.getAttribute('data-status')) === status, {
    timeoutMsg: `${id} never became ${status}`,
  });
}

/** The text an element holds; WebKitWebDriver reports "" for text cut off with an ellipsis. */
async function expectText(id: string, text: string): Promise<void> {
  await browser.waitUntil(async () => (await byId(id).getProperty('textContent')) === text, {
    timeoutMsg: `${id} never read "${text}"`,
  });
}

/** Digits only, so the check holds in any locale ("€3,967.20" and "3.967,20 €" alike). */
const digits = async (el: WebdriverIO.Element) => (await el.getText()).replace(/\D/g, '');

async function statAmounts(card: string): Promise<string[]> {
  await click('nav-dashboard');
  const stat = await byId(card);
  await stat.waitForDisplayed();
  const amounts = await stat.$$('[data-testid="stat-amount"]').getElements();
  const result: string[] = [];
  for (const a of amounts) result.push(await digits(a));
  return result;
}

describe('Quotla foundation', () => {
  let clientUrl = '';

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') {
      const name = this.currentTest.title.replace(/\W+/g, '-');
      await browser.saveScreenshot(`./screenshots/failed-${name}.png`);
    }
  });

  before(async () => {
    await browser.setWindowSize(1280, 820);
    try {
      await byId('dashboard-page').waitForDisplayed({ timeout: 30_000 });
    } catch (e) {
      await browser.saveScreenshot('./screenshots/failed-start.png');
      throw e;
    }
  });

  it('starts on an empty dashboard', async () => {
    await expect(byId('welcome')).toBeDisplayed();
    await expect(byId('stat-open-quotes').$('[data-testid="stat-empty"]')).toBeDisplayed();
    await shot('01-dashboard-empty');
  });

  it('sets up the business profile', async () => {
    await click('nav-settings');
    await fill('profile-name', 'Lovelace Studio');
    await fill('profile-email', 'hello@lovelace.example');
    await fill('profile-tax-rate', '20');
    await click('profile-save');
    await expectText('header-business', 'Lovelace Studio');
  });

  it('creates a client', async () => {
    await click('nav-clients');
    await expect(byId('empty-new-client')).toBeDisplayed();
    await click('new-client');
    await fill('client-name', 'Ada Lovelace');
    await fill('client-company', 'Analytical Engines Ltd');
    await fill('client-email', 'ada@example.com');
    await shot('02-client-form');
    await click('client-save');
    await expect(byId('client-title')).toHaveText('Ada Lovelace');
    clientUrl = await browser.getUrl();
  });

  it('writes a quote with two lines whose totals come from core', async () => {
    await click('client-new-quote');
    await byId('quote-editor').waitForDisplayed();
    await fill('line-description', 'Design workshop');
    await fill('line-quantity', '2');
    await fill('line-unit-price', '1500');
    await fill('line-tax-rate', '20');
    await click('add-line');
    await fill('line-description', 'Hosting, monthly', 1);
    await fill('line-quantity', '12', 1);
    await fill('line-unit-price', '25.50', 1);
    await fill('line-tax-rate', '20', 1);
    await expect($$('[data-testid="line-item-row"]')).toBeElementsArrayOfSize(2);
    // 2 × 1500.00 + 12 × 25.50 = 3306.00 net, 661.20 tax, 3967.20 in all.
    const total = await elementById('totals-total');
    await total.waitUntil(async () => (await digits(total)) === '396720', {
      timeoutMsg: 'the editor never showed the total core computed',
    });
    expect(await digits(await elementById('totals-subtotal'))).toBe('330600');
    expect(await digits(await elementById('totals-tax'))).toBe('66120');
    await shot('03-quote-editor');
    await click('editor-save');
    await expect(byId('quote-number')).toHaveText('QUO-0001');
    await expectStatus('quote-status', 'draft');
  });

  it('sends the quote, which the dashboard counts as open', async () => {
    await click('quote-send');
    await expectStatus('quote-status', 'sent');
    const quoteUrl = await browser.getUrl();
    expect(await statAmounts('stat-open-quotes')).toEqual(['396720']);
    await expect(byId('recent-quotes').$('[data-testid="quote-row"]')).toHaveText(
      expect.stringContaining('QUO-0001'),
    );
    await shot('04-dashboard-open-quote');
    await browser.url(quoteUrl);
    await byId('quote-detail').waitForDisplayed();
  });

  it('accepts the quote and converts it to an invoice', async () => {
    await click('quote-accept');
    await expectStatus('quote-status', 'accepted');
    await shot('05-quote-accepted');
    await click('quote-convert');
    await byId('invoice-detail').waitForDisplayed();
    await expectStatus('invoice-status', 'draft');
    await expect(byId('invoice-quote-link')).toHaveText(expect.stringContaining('QUO-0001'));
  });

  it('issues the invoice, which gets its number and counts as outstanding', async () => {
    await click('invoice-issue');
    await byId('confirm-action').waitForClickable();
    await shot('06a-issue-confirm', { dismissToasts: false });
    await click('confirm-action');
    await expectStatus('invoice-status', 'issued');
    await expect(byId('invoice-number')).toHaveText('INV-0001');
    await expect(byId('invoice-locked')).toBeDisplayed();
    await expect(byId('invoice-edit')).not.toBeExisting();
    const invoiceUrl = await browser.getUrl();
    expect(await statAmounts('stat-outstanding')).toEqual(['396720']);
    expect(await statAmounts('stat-open-quotes')).toEqual([]);
    await browser.url(invoiceUrl);
    await byId('invoice-detail').waitForDisplayed();
  });

  it('marks the invoice paid', async () => {
    await click('invoice-mark-paid');
    await byId('confirm-paid').waitForClickable();
    await shot('06b-mark-paid', { dismissToasts: false });
    await click('confirm-paid');
    await expectStatus('invoice-status', 'paid');
    await expect(byId('invoice-paid-on')).toBeDisplayed();
    await shot('06-invoice-paid');
  });

  it('shows every step on the client timeline', async () => {
    await browser.url(clientUrl);
    await byId('timeline').waitForDisplayed();
    const kinds: string[] = [];
    for (const entry of await $$('[data-testid="timeline-entry"]').getElements()) {
      kinds.push((await entry.getAttribute('data-kind')) ?? '');
    }
    expect(kinds).toEqual(
      expect.arrayContaining([
        'quote_created',
        'quote_sent',
        'quote_accepted',
        'quote_converted',
        'invoice_issued',
        'invoice_paid',
      ]),
    );
    // Newest first: the payment tops the timeline.
    expect(kinds[0]).toBe('invoice_paid');
    await shot('07-client-detail');
  });

  it('shows the money where it stands on the dashboard', async () => {
    expect(await statAmounts('stat-outstanding')).toEqual([]);
    expect(await statAmounts('stat-overdue')).toEqual([]);
    await expect(byId('recent-invoices').$('[data-testid="invoice-row"]')).toHaveText(
      expect.stringContaining('INV-0001'),
    );
    await expect(byId('recent-invoices').$('[data-testid="invoice-row-status"]')).toHaveAttribute(
      'data-status',
      'paid',
    );
    await shot('08-dashboard');
  });

  it('lists the documents and shows settings', async () => {
    await click('nav-clients');
    await expect($$('[data-testid="client-row"]')).toBeElementsArrayOfSize(1);
    await shot('09-clients');
    await click('nav-quotes');
    await expect(byId('quote-list')).toBeDisplayed();
    await shot('10-quotes');
    await click('nav-invoices');
    await expect(byId('invoice-list')).toBeDisplayed();
    await shot('11-invoices');
    await click('nav-settings');
    await expect(byId('profile-form')).toBeDisplayed();
    await shot('12-settings-profile');
    const region = await byId('time-zone-card');
    await region.scrollIntoView();
    await expect(byId('time-zone-source')).toBeDisplayed();
    await shot('12a-settings-region');
    await click('settings-tab-data');
    await expect(byId('backup')).toBeDisplayed();
    await shot('13-settings-data');
    await click('settings-tab-integrations');
    // Calendly is optional and starts unconnected; Stripe is only announced.
    await expect(byId('integration-calendly')).toBeDisplayed();
    await expect(byId('integration-calendly').$('[data-status="connected"]')).not.toBeExisting();
    expect(await byId('integration-stripe').getProperty('textContent')).toContain('Coming soon');
    await shot('14-settings-integrations');
  });

  it('keeps currencies apart on the dashboard', async () => {
    // Two more sent quotes, one in US dollars: open quotes must show two sums, never one.
    for (const [currency, description, price] of [
      ['USD', 'Retainer', '800'],
      ['EUR', 'Security audit', '900'],
    ]) {
      await browser.url(clientUrl);
      await click('client-new-quote');
      await byId('quote-editor').waitForDisplayed();
      await fill('currency-select', currency);
      await $(`//*[@role="option"][starts-with(normalize-space(.), "${currency}")]`).click();
      await fill('line-description', description);
      await fill('line-unit-price', price);
      await click('editor-save');
      await byId('quote-detail').waitForDisplayed();
      await click('quote-send');
      await expectStatus('quote-status', 'sent');
    }
    // Default tax 20 %: 900.00 EUR → 1080.00, 800.00 USD → 960.00.
    expect((await statAmounts('stat-open-quotes')).sort()).toEqual(['108000', '96000']);
    const currencies: string[] = [];
    for (const a of await $$(
      '[data-testid="stat-open-quotes"] [data-testid="stat-amount"]',
    ).getElements()) {
      currencies.push((await a.getAttribute('data-currency')) ?? '');
    }
    expect(currencies.sort()).toEqual(['EUR', 'USD']);
    await shot('18-dashboard-two-currencies');
  });

  it('stays usable at the smallest window, 1024×700', async () => {
    await browser.setWindowSize(1024, 700);
    await click('nav-dashboard');
    await expect(byId('stat-overdue')).toBeDisplayedInViewport();
    await shot('15-small-dashboard');
    await click('nav-invoices');
    await click('new-invoice');
    await byId('invoice-editor').waitForDisplayed();
    await expect(byId('add-line')).toBeDisplayedInViewport();
    await expect(byId('due-date')).toBeDisplayedInViewport();
    await shot('16-small-invoice-editor');
    await click('editor-cancel');
    await browser.url(clientUrl);
    await byId('client-detail').waitForDisplayed();
    await expect(byId('client-edit')).toBeDisplayedInViewport();
    await shot('17-small-client-detail');
  });
});
