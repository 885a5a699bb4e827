// Issue 11 end to end, in the real app: the business profile and document settings that a
// client's documents print, a quote e-mailed (PDF saved and shown, a draft opened, marked
// sent only once the user says so), an invoice printed from the system viewer and marked
// sent, a revision and a duplicate, the monthly chart, accent-blind search, the twin-client
// warning, and the rough edges found by hand (narrow lists, a 200-letter name). Every main
// screen is photographed at 1024×700 and 1440×900.
import { browser, $$, expect } from '@wdio/globals';
import { Key } from 'webdriverio';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { browserRequests, byId, click, command, dataDir, shot, text } from '../support/app.js';

interface Created {
  id: number;
  number: string | null;
  version: number;
}

const lines = [
  {
    description: 'Brand workshop',
    quantity_milli: 2000,
    unit_price_minor: 45000,
    tax_rate_milli: 20000,
  },
  {
    description: 'Logo files (SVG, PNG)',
    quantity_milli: 1000,
    unit_price_minor: 30000,
    tax_rate_milli: 20000,
  },
  {
    description: 'Printed cards',
    quantity_milli: 500_000,
    unit_price_minor: 12,
    tax_rate_milli: 7000,
  },
];

/** What the app asked the desktop to do (open or reveal a file), captured in test mode. */
function desktopRequests(): string[] {
  const file = path.join(dataDir(), 'desktop-requests.txt');
  return existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n').filter(Boolean) : [];
}

/** A PDF's text as poppler reads it, whitespace collapsed. */
function pdfText(file: string): string {
  const run = spawnSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  expect(run.status).toBe(0);
  return run.stdout.replace(/\s+/g, ' ');
}

async function typeInto(id: string, value: string): Promise<void> {
  const el = await byId(id);
  await el.waitForDisplayed();
  await el.click();
  await browser.keys([Key.Ctrl, 'a']);
  await browser.keys(Key.Backspace);
  await el.addValue(value);
}

async function expectStatus(id: string, status: string): Promise<void> {
  const badge = await byId(id);
  await badge.waitUntil(async () => (await badge.getAttribute('data-status')) === status, {
    timeoutMsg: `${id} never became ${status}`,
  });
}

/** Goes to `route` inside the app (a hash route), as a link would: no reload. */
async function open(route: string, ready: string): Promise<void> {
  await browser.execute((to: string) => {
    window.location.hash = to;
  }, route);
  await byId(ready).waitForDisplayed({ timeout: 20_000 });
}

/** Nothing on the page is wider than the window (no horizontal scrollbar). */
async function expectNoHorizontalScroll(): Promise<void> {
  const overflow = await browser.execute(() => {
    const main = document.querySelector('main') ?? document.documentElement;
    return [
      document.documentElement.scrollWidth - document.documentElement.clientWidth,
      main.scrollWidth - main.clientWidth,
    ];
  });
  expect(overflow).toEqual([0, 0]);
}

describe('Documents a client can receive', () => {
  let clientId = 0;
  let quote: Created;
  let invoice: Created;

  before(async () => {
    await browser.setWindowSize(1440, 900);
    await byId('nav-dashboard').waitForDisplayed({ timeout: 30_000 });
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') {
      await browser.saveScreenshot(`./screenshots/failed-documents-${this.currentTest.title}.png`);
    }
  });

  it('keeps the business profile with its phone, VAT number, payment details and logo', async () => {
    await open('/settings/profile', 'profile-form');
    await typeInto('profile-name', 'Northwind Studio');
    await typeInto('profile-phone', '+44 117 496 0000');
    await typeInto('profile-tax-number', 'GB123456789');
    await typeInto('profile-payment-details', 'IBAN GB33 BUKB 2020 1555 5555 55');
    await click('profile-save');
    await browser.waitUntil(async () => !(await byId('profile-save').isEnabled()), {
      timeoutMsg: 'the profile was never saved',
    });
    // The file dialog is the desktop's; the command behind it takes the chosen path.
    const logo = path.join(dataDir(), 'logo.svg');
    writeFileSync(
      logo,
      '<svg xmlns="http://www.w3.org/2000/svg" width="160" height="48"><rect width="160" height="48" rx="8" fill="#364fc7"/><circle cx="24" cy="24" r="12" fill="#fff"/></svg>',
    );
    await command('set_business_logo', { path: logo });
    await byId('logo-preview').waitForDisplayed();
    await shot('30-settings-profile-logo');
  });

  it('numbers, dates and words documents from the document settings', async () => {
    await click('settings-tab-documents');
    await byId('documents-form').waitForDisplayed();
    await typeInto('documents-payment-terms', '30');
    await typeInto('documents-invoice-prefix', 'NW-');
    await typeInto('documents-invoice-notes', 'Thank you for your business.');
    await click('documents-save');
    await browser.waitUntil(
      async () =>
        (await command<{ invoice_prefix: string }>('get_document_settings')).invoice_prefix ===
        'NW-',
      { timeoutMsg: 'the document settings were never saved' },
    );
    await shot('31-settings-documents');
  });

  it('warns before creating a twin client and opens the existing one instead', async () => {
    const first = await command<Created>('create_client', {
      input: {
        name: 'Zoë Müller',
        email: 'zoe@mueller.example',
        company: 'Müller & Söhne GmbH',
        phone: null,
        address: 'Lindenstraße 4\n10969 Berlin',
        notes: null,
        tax_number: 'DE811907980',
      },
    });
    clientId = first.id;
    await open('/clients/new', 'client-form');
    await typeInto('client-name', 'ZOE MULLER');
    await typeInto('client-email', 'zoe@mueller.example');
    await click('client-save');
    await byId('duplicate-warning').waitForDisplayed();
    await shot('32-client-twin-warning', { dismissToasts: false });
    await click('duplicate-open');
    await byId('client-detail').waitForDisplayed();
    expect(await text('client-title')).toBe('Zoë Müller');
  });

  it('finds Zoë Müller when searched without accents', async () => {
    await open('/clients', 'clients-page');
    await typeInto('client-search', 'MULLER');
    await browser.waitUntil(
      async () => (await $$('[data-testid="client-list"] [role="row"]').length) === 2,
      {
        timeoutMsg: 'the search never showed one client',
      },
    );
  });

  it('e-mails a quote: the PDF is saved and shown, a draft opens, and it is sent when the user says so', async () => {
    const draft = await command<Created>('create_quote', {
      input: {
        client_id: clientId,
        currency: 'EUR',
        items: lines,
        discount: { kind: 'percent', milli: 10000 },
        notes: 'Valid for 30 days.',
        valid_until: null,
      },
    });
    quote = draft;
    await open(`/quotes/${draft.id}`, 'quote-detail');
    await shot('33-quote-actions');
    const opened = browserRequests().length;
    await click('document-email');
    await byId('email-modal').waitForDisplayed({ timeout: 30_000 });
    expect(await text('email-draft-to')).toContain('zoe@mueller.example');
    await shot('34-quote-email-dialog', { dismissToasts: false });
    const mailto = browserRequests().slice(opened);
    expect(mailto).toHaveLength(1);
    expect(mailto[0]).toMatch(
      /^mailto:zoe@mueller\.example\?subject=Quote%20QUO-0001%20from%20Northwind%20Studio&body=/,
    );
    const revealed = desktopRequests().at(-1)!;
    expect(revealed).toMatch(/^reveal .*QUO-0001\.pdf$/);
    const pdf = revealed.slice('reveal '.length);
    const printed = pdfText(pdf);
    for (const expected of [
      'Quote',
      'QUO-0001',
      'Northwind Studio',
      '+44 117 496 0000',
      'GB123456789',
      'Zoë Müller',
      'DE811907980',
      'Brand workshop',
      'Discount (10%)',
      'Valid for 30 days.',
    ]) {
      expect(printed).toContain(expected);
    }
    expect(printed).not.toContain('IBAN');
    // Opening the mail program sent nothing: the quote is still a draft until confirmed.
    expect(await (await byId('quote-status')).getAttribute('data-status')).toBe('draft');
    await click('email-was-sent');
    await expectStatus('quote-status', 'sent');
  });

  it('revises the sent quote into a new draft that links back to it', async () => {
    await click('document-more');
    await click('quote-revise');
    await browser.waitUntil(async () => (await browser.getUrl()).endsWith('/edit'), {
      timeoutMsg: 'the revision never opened',
    });
    await open(`/quotes/${quote.id}`, 'quote-detail');
    await byId('quote-revised-by').waitForDisplayed();
    expect(await text('quote-revised-by')).toContain('QUO-0002');
    await shot('35-quote-revised');
  });

  it('issues an invoice with the new prefix and terms, prints it, and marks it sent', async () => {
    const today = new Date();
    const iso = (d: Date) => d.toISOString().slice(0, 10);
    const due = new Date(today.getTime() + 30 * 86_400_000);
    invoice = await command<Created>('create_invoice', {
      input: {
        client_id: clientId,
        currency: 'EUR',
        items: lines,
        discount: { kind: 'none' },
        notes: 'Thank you for your business.',
        issue_date: iso(today),
        due_date: iso(due),
      },
    });
    await open(`/invoices/${invoice.id}`, 'invoice-detail');
    await click('invoice-issue');
    await click('confirm-action');
    await expectStatus('invoice-status', 'issued');
    expect(await text('invoice-number')).toBe('NW-0001');
    await byId('invoice-mark-sent').waitForDisplayed();
    await shot('36-invoice-issued');
    await click('document-more');
    await click('document-print');
    await browser.waitUntil(async () => desktopRequests().at(-1)?.startsWith('open ') ?? false, {
      timeoutMsg: 'the PDF was never opened in a viewer',
    });
    const printed = pdfText(desktopRequests().at(-1)!.slice('open '.length));
    for (const expected of [
      'Invoice',
      'NW-0001',
      'Payment details',
      'IBAN GB33 BUKB 2020 1555 5555 55',
      'DE811907980',
    ]) {
      expect(printed).toContain(expected);
    }
    await click('invoice-mark-sent');
    await expectStatus('invoice-status', 'sent');
  });

  it('voids the invoice and writes it again as a new draft', async () => {
    await click('document-more');
    await click('invoice-void');
    await click('confirm-action');
    await expectStatus('invoice-status', 'void');
    await click('invoice-duplicate');
    await browser.waitUntil(
      async () =>
        /\/invoices\/\d+/.test(await browser.getUrl()) &&
        !(await browser.getUrl()).endsWith(`/invoices/${invoice.id}`),
      {
        timeoutMsg: 'the copy never opened',
      },
    );
    await shot('37-invoice-duplicated');
  });

  it('charts invoiced and paid amounts on the dashboard', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const draft = await command<Created>('create_invoice', {
      input: {
        client_id: clientId,
        currency: 'EUR',
        items: lines,
        discount: { kind: 'none' },
        notes: null,
        issue_date: today,
        due_date: today,
      },
    });
    const issued = await command<Created>('issue_invoice', {
      id: draft.id,
      expectedVersion: draft.version,
    });
    await command('mark_invoice_paid', {
      id: issued.id,
      paidOn: today,
      expectedVersion: issued.version,
    });
    await open('/', 'nav-dashboard');
    await byId('monthly-chart').waitForDisplayed({ timeout: 20_000 });
    await byId('monthly-chart').scrollIntoView();
    await shot('38-dashboard-chart');
  });

  it('keeps every list column readable at 1024×700', async () => {
    await browser.setWindowSize(1024, 700);
    for (const [route, page, list] of [
      ['/invoices', 'invoices-page', 'invoice-list'],
      ['/quotes', 'quotes-page', 'quote-list'],
      ['/clients', 'clients-page', 'client-list'],
    ]) {
      await open(route, page);
      const headers = await browser.execute((listId: string) => {
        const cells = document.querySelectorAll(`[data-testid="${listId}"] [role="columnheader"]`);
        return Array.from(cells).map((c) => {
          const r = c.getBoundingClientRect();
          const el = c as HTMLElement;
          return {
            left: r.left,
            right: r.right,
            width: r.width,
            clipped: el.scrollWidth > el.clientWidth + 1,
          };
        });
      }, list);
      expect(headers.length).toBeGreaterThan(3);
      for (let i = 0; i < headers.length; i++) {
        expect(headers[i].clipped).toBe(false);
        if (i > 0) expect(headers[i].left).toBeGreaterThanOrEqual(headers[i - 1].right - 0.5);
      }
      // The client (or name) column keeps room for a name, not "Edi…".
      expect(Math.max(...headers.map((h) => h.width))).toBeGreaterThanOrEqual(140);
      // Every column fits: the list itself does not scroll sideways.
      const sideways = await browser.execute((listId: string) => {
        const rows = document.querySelector(`[data-testid="${listId}"] [role="rowgroup"]`)!;
        return rows.scrollWidth - rows.clientWidth;
      }, list);
      expect(sideways).toBe(0);
      await expectNoHorizontalScroll();
    }
  });

  it('wraps a 200-letter client name instead of widening the page', async () => {
    const long = await command<Created>('create_client', {
      input: {
        name: 'W'.repeat(200),
        email: null,
        company: null,
        phone: null,
        address: null,
        notes: null,
        tax_number: null,
      },
    });
    await open(`/clients/${long.id}`, 'client-detail');
    await expectNoHorizontalScroll();
    await shot('39-small-long-name');
  });

  it('shows every main screen at 1024×700 and 1440×900', async () => {
    for (const [width, height] of [
      [1024, 700],
      [1440, 900],
    ]) {
      await browser.setWindowSize(width, height);
      for (const [name, route, ready] of [
        ['dashboard', '/', 'nav-dashboard'],
        ['clients', '/clients', 'clients-page'],
        ['client', `/clients/${clientId}`, 'client-detail'],
        ['quotes', '/quotes', 'quotes-page'],
        ['quote', `/quotes/${quote.id}`, 'quote-detail'],
        ['quote-editor', '/quotes/new', 'quote-editor-page'],
        ['invoices', '/invoices', 'invoices-page'],
        ['invoice', `/invoices/${invoice.id}`, 'invoice-detail'],
        ['meetings', '/meetings', 'meetings-page'],
        ['settings-profile', '/settings/profile', 'profile-form'],
        ['settings-documents', '/settings/documents', 'documents-form'],
        ['settings-data', '/settings/data', 'backup'],
      ] as const) {
        await open(route, ready);
        await expectNoHorizontalScroll();
        await shot(`screens-${width}-${name}`);
      }
    }
  });
});
