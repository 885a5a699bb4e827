// Issue 10 end to end: meetings in the real app, with the Calendly sandbox and a real relay
// on loopback. Connecting goes sandbox → relay landing page → quotla:// → app; bookings are
// made on the sandbox's own booking page and moved or canceled on its invitee pages, and
// reach the open screens through the relay's webhook inbox without a reload.
import { browser, $, $$, expect } from '@wdio/globals';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import {
  browserRequests,
  byId,
  click,
  command,
  dataDir,
  dismissNotices,
  expectStatus,
  invoke,
  openLink,
  sandbox,
  sandboxControl,
  shot,
  startConnecting,
  text,
} from '../support/app.js';

const relay = process.env.QUOTLA_E2E_RELAY_URL!;
const LIVE_WAIT = { timeout: 20_000, interval: 100 };

interface Created {
  id: number;
  number: string | null;
  version: number;
}

const line = {
  description: 'Kitchen design',
  quantity_milli: 1000,
  unit_price_minor: 250000,
  tax_rate_milli: 20000,
};

/** A client with a sent quote and an issued invoice. */
async function clientWithDocuments(name: string, email: string) {
  const client = await command<Created>('create_client', {
    input: {
      name,
      email,
      company: null,
      phone: null,
      address: null,
      notes: null,
    },
  });
  const draft = await command<Created>('create_quote', {
    input: {
      client_id: client.id,
      currency: 'EUR',
      items: [line],
      discount: { kind: 'none' },
      notes: null,
      valid_until: null,
    },
  });
  const quote = await command<Created>('send_quote', {
    id: draft.id,
    expectedVersion: draft.version,
  });
  const today = new Date().toISOString().slice(0, 10);
  const draftInvoice = await command<Created>('create_invoice', {
    input: {
      client_id: client.id,
      currency: 'EUR',
      items: [line],
      discount: { kind: 'none' },
      notes: null,
      issue_date: today,
      due_date: today,
    },
  });
  const invoice = await command<Created>('issue_invoice', {
    id: draftInvoice.id,
    expectedVersion: draftInvoice.version,
  });
  return { client, quote, invoice };
}

/** Reads a booking page's form the way a browser would, fills it and submits it. */
async function bookOnPage(bookingUrl: string, fill: Record<string, string> = {}): Promise<string> {
  const page = await fetch(bookingUrl);
  expect(page.status).toBe(200);
  const html = await page.text();
  const form = new URLSearchParams();
  for (const m of html.matchAll(
    /<input type="(?:text|email|hidden)" name="([^"]+)" value="([^"]*)"/g,
  )) {
    form.set(
      m[1],
      m[2]
        .replace(/&amp;/g, '&')
        .replace(/&quot;/g, '"')
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>'),
    );
  }
  for (const [k, v] of Object.entries(fill)) form.set(k, v);
  const done = await fetch(bookingUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: form.toString(),
  });
  const confirmation = await done.text();
  expect(confirmation).toContain('You are scheduled');
  return /data-invitee="([^"]+)"/.exec(confirmation)![1];
}

/** Submits an invitee page (cancel or reschedule) of the sandbox. */
async function inviteePage(
  kind: 'cancellations' | 'reschedulings',
  invitee: string,
  fields: Record<string, string>,
) {
  const uuid = invitee.split('/').pop();
  const url = `${sandbox}/${kind}/${uuid}`;
  expect((await fetch(url)).status).toBe(200);
  const done = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  });
  expect(done.status).toBe(200);
}

/** Generates a link in the open schedule modal and returns it. */
async function generateLink(formShot?: string): Promise<string> {
  await byId('schedule-generate').waitForClickable();
  if (formShot) await shot(formShot);
  await click('schedule-generate');
  const field = await byId('schedule-link');
  await field.waitForDisplayed({ timeout: 20_000 });
  return (await field.getValue()) as string;
}

async function closeModal() {
  await click('schedule-done');
  await byId('schedule-link-ready').waitForDisplayed({ reverse: true });
}

/** The desktop notifications the app would have shown. */
function notifications(): string[] {
  const file = path.join(dataDir(), 'notifications.txt');
  return existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n').filter(Boolean) : [];
}

async function openRoute(hash: string) {
  await browser.execute((h: string) => {
    window.location.hash = h;
  }, hash);
}

describe('Meetings', () => {
  let ada: Awaited<ReturnType<typeof clientWithDocuments>>;
  let firstInvitee = '';

  before(async () => {
    await browser.setWindowSize(1024, 700);
    await byId('nav-dashboard').waitForDisplayed({ timeout: 30_000 });
    ada = await clientWithDocuments('Ada Lovelace', 'ada@example.com');
    // This profile connects through the relay: its landing page is the redirect URI.
    await command('calendly_save_setting', { key: 'relay_url', value: relay });
    await command('calendly_save_setting', {
      key: 'redirect_uri',
      value: `${relay}/oauth/calendly/callback`,
    });
  });

  it('connects through the relay landing page and syncs live', async () => {
    await click('nav-settings');
    await click('settings-tab-integrations');
    const authorize = await startConnecting();
    expect(authorize.searchParams.get('redirect_uri')).toBe(`${relay}/oauth/calendly/callback`);
    const approved = await fetch(authorize, { redirect: 'manual' });
    expect(approved.status).toBe(302);
    const landing = approved.headers.get('location')!;
    expect(landing.startsWith(`${relay}/oauth/calendly/callback?`)).toBe(true);
    const page = await fetch(landing);
    expect(page.status).toBe(200);
    const link = /href="(quotla:\/\/oauth\/calendly\?[^"]+)"/
      .exec(await page.text())![1]
      .replace(/&amp;/g, '&');
    expect(openLink(link)).toBe(0);
    await expectStatus('connected');
    await browser.waitUntil(async () => (await text('calendly-sync-status')) === 'Live', {
      timeout: 30_000,
      timeoutMsg: 'sync never went live through the relay',
    });
    await dismissNotices();
    await byId('calendly-account-email').moveTo();
    await shot('meetings-integrations-live');
  });

  it('books from a quote and shows it on the quote, timeline, dashboard and calendar without a reload', async () => {
    await openRoute(`/quotes/${ada.quote.id}`);
    await click('quote-schedule');
    const url = await generateLink('meetings-schedule-form');
    expect(url).toContain('utm_source=quotla');
    await shot('meetings-schedule-modal');
    // The booking page opens in the system browser (the sandbox's, over loopback HTTP).
    await click('schedule-open');
    await browser.waitUntil(() => browserRequests().at(-1) === url, {
      timeoutMsg: 'the booking page was not opened',
    });
    await closeModal();
    expect(await byId('quote-meetings-empty').isDisplayed()).toBe(true);

    firstInvitee = await bookOnPage(url);
    // The quote page stays open: the meeting arrives through the relay.
    await byId('meeting-badge').waitForDisplayed(LIVE_WAIT);
    expect(await text('meeting-badge')).toContain('Meeting scheduled');
    expect(await $$('[data-testid="quote-meetings"] [data-testid="meeting-row"]').length).toBe(1);
    await shot('meetings-quote-booked');

    await openRoute(`/clients/${ada.client.id}`);
    await $('[data-testid="timeline-entry"][data-kind="meeting_booked"]').waitForDisplayed();
    expect(await $$('[data-testid="client-meetings"] [data-testid="meeting-row"]').length).toBe(1);
    await shot('meetings-client-page');

    await click('nav-dashboard');
    await $('[data-testid="upcoming-meetings"] [data-testid="meeting-row"]').waitForDisplayed();
    await $('[data-testid="recent-quotes"] [data-testid="row-meeting-badge"]').waitForDisplayed();
    await shot('meetings-dashboard');

    await click('nav-meetings');
    await click('meetings-tab-calendar');
    await $('.meeting-event').waitForDisplayed();
    await shot('meetings-calendar-month');
    await browser.waitUntil(
      () => notifications().some((n) => n.startsWith('New meeting with Ada Lovelace')),
      { timeout: 10_000, timeoutMsg: 'no notification of the new meeting' },
    );
  });

  it('shows a reschedule on the invitee page as one moved meeting', async () => {
    await openRoute(`/quotes/${ada.quote.id}`);
    await byId('meeting-badge').waitForDisplayed();
    const before = await text('meeting-badge');
    const later = new Date(Date.now() + 9 * 86_400_000);
    later.setUTCHours(15, 0, 0, 0);
    await inviteePage('reschedulings', firstInvitee, {
      start_time: later.toISOString().replace('.000', ''),
      reason: 'Clash',
    });
    await browser.waitUntil(async () => (await text('meeting-badge')) !== before, {
      ...LIVE_WAIT,
      timeoutMsg: 'the reschedule never reached the quote page',
    });
    // One meeting on the quote: the old half is a move, not a second meeting.
    expect(await $$('[data-testid="quote-meetings"] [data-testid="meeting-row"]').length).toBe(1);
    await $('[data-testid="quote-meetings"] [data-testid="meeting-row"]').click();
    await byId('meeting-story').waitForDisplayed();
    expect(await text('meeting-story')).toContain('Moved');
    await shot('meetings-detail-moved');
    await browser.keys('Escape');
    await browser.waitUntil(
      () => notifications().some((n) => n.startsWith('Ada Lovelace moved a meeting')),
      {
        timeout: 10_000,
        timeoutMsg: 'no notification of the move',
      },
    );
  });

  it('shows a cancellation with its reason', async () => {
    const moved = (
      await command<{ meeting: { rescheduled_to: string } }>('get_meeting', {
        inviteeUri: firstInvitee,
      })
    ).meeting.rescheduled_to;
    await inviteePage('cancellations', moved, {
      reason: 'Budget is on hold <b>for now</b>',
    });
    const row = await $(
      '[data-testid="quote-meetings"] [data-testid="meeting-row"][data-phase="canceled"]',
    );
    await row.waitForDisplayed(LIVE_WAIT);
    await row.click();
    await byId('meeting-cancel-reason').waitForDisplayed();
    expect(await text('meeting-cancel-reason')).toContain('Budget is on hold <b>for now</b>');
    await shot('meetings-detail-canceled');
    await browser.keys('Escape');
    await browser.waitUntil(
      () => notifications().some((n) => n.startsWith('Meeting with Ada Lovelace canceled')),
      { timeout: 10_000, timeoutMsg: 'no notification of the cancellation' },
    );
  });

  it('books from the client page, the invoice page and the dashboard', async () => {
    await openRoute(`/clients/${ada.client.id}`);
    await click('client-schedule');
    const fromClient = await generateLink();
    await closeModal();
    await bookOnPage(fromClient);
    await $('[data-testid="client-meetings"] [data-testid="meeting-row"]').waitForDisplayed(
      LIVE_WAIT,
    );

    await openRoute(`/invoices/${ada.invoice.id}`);
    await click('invoice-schedule');
    const fromInvoice = await generateLink();
    await closeModal();
    await bookOnPage(fromInvoice);
    await byId('meeting-badge').waitForDisplayed(LIVE_WAIT);
    expect(await $$('[data-testid="invoice-meetings"] [data-testid="meeting-row"]').length).toBe(1);

    await click('nav-dashboard');
    await click('dashboard-schedule');
    await click('schedule-who');
    await $('label=New prospect').click();
    await byId('schedule-prospect-name').setValue('Grace Hopper');
    await byId('schedule-prospect-email').setValue('grace@example.com');
    const fromDashboard = await generateLink();
    await shot('meetings-schedule-prospect');
    await closeModal();
    await bookOnPage(fromDashboard);
    // Other specs share the sandbox: wait for this booking by name, not by a count.
    await browser.waitUntil(
      async () => (await text('upcoming-meetings')).includes('Grace Hopper'),
      {
        ...LIVE_WAIT,
        timeoutMsg: 'the dashboard never showed the prospect’s meeting',
      },
    );
    await shot('meetings-dashboard-three');
  });

  it('marks a no-show from the app, and Calendly records it', async () => {
    const view = await command<{ event_types: { uri: string }[] }>('calendly_status');
    // Calendly books only future times: this one starts in a few seconds.
    const soon = new Date(Date.now() + 8_000);
    const booked = (await sandboxControl('book', {
      event_type: view.event_types[0].uri,
      name: 'Ada Lovelace',
      email: 'ada@example.com',
      start_time: soon.toISOString(),
    })) as { invitee: { uri: string } };
    await browser.waitUntil(async () => Date.now() > soon.getTime() + 1_000, {
      timeout: 20_000,
    });
    await browser.waitUntil(
      async () =>
        !(await invoke('get_meeting', { inviteeUri: booked.invitee.uri })).includes('not_found'),
      { ...LIVE_WAIT, timeoutMsg: 'the meeting never arrived' },
    );
    await openRoute(`/meetings?tab=history&meeting=${encodeURIComponent(booked.invitee.uri)}`);
    // Mantine's switch hides its input; the label is what a user clicks.
    await byId('meeting-no-show').waitForExist();
    await $('label*=did not show up').click();
    await byId('meeting-phase').waitUntil(
      async () => (await text('meeting-phase')) === 'No-show',
      LIVE_WAIT,
    );
    // Calendly recorded this invitee's no-show: it sent the webhook for it.
    const sent = (await (
      await fetch(`${sandbox}/_sandbox/deliveries?event=invitee_no_show.created`)
    ).json()) as { deliveries: { invitee: string }[] };
    expect(sent.deliveries.map((d) => d.invitee)).toContain(booked.invitee.uri);
    await shot('meetings-detail-no-show');
    await browser.keys('Escape');
  });

  it('offers to create a client from an unmatched invitee', async () => {
    const view = await command<{ event_types: { uri: string }[] }>('calendly_status');
    await sandboxControl('book', {
      event_type: view.event_types[0].uri,
      name: 'Alan Turing',
      email: 'alan@example.org',
    });
    await openRoute('/meetings?tab=history');
    const row = await $('[data-testid="history-row"]*=Alan Turing');
    await row.waitForDisplayed(LIVE_WAIT);
    // WebKitWebDriver does not click a table row itself; its first cell is the target.
    await row.$('td').click();
    await byId('meeting-unmatched').waitForDisplayed();
    await shot('meetings-detail-unmatched');
    await click('meeting-create-client');
    await byId('meeting-belongs').waitForDisplayed();
    expect(await text('meeting-belongs')).toContain('Alan Turing');
    await browser.keys('Escape');
  });

  it('shows a hostile booking as inert text', async () => {
    const view = await command<{ event_types: { uri: string }[] }>('calendly_status');
    const hostile =
      '<img src=x onerror="document.title=\'pwned\'"><script>document.title="pwned"</script>';
    await sandboxControl('book', {
      event_type: view.event_types[0].uri,
      name: `${hostile}${'N'.repeat(150)}`,
      email: 'eve@example.net',
      questions_and_answers: [
        { question: 'Anything else?', answer: `${hostile}${'A'.repeat(5000)}`, position: 0 },
      ],
    });
    await openRoute('/meetings?tab=history');
    const row = await $('[data-testid="history-row"]*=NNNNNNNNNN');
    await row.waitForDisplayed(LIVE_WAIT);
    await row.$('td').click();
    await byId('meeting-answers').waitForDisplayed();
    expect(await text('meeting-answers')).toContain('<script>');
    expect(await browser.getTitle()).not.toBe('pwned');
    expect(await $$('img[src="x"]').length).toBe(0);
    await shot('meetings-detail-hostile');
    await browser.keys('Escape');
  });

  it('shows every calendar view', async () => {
    await openRoute('/meetings');
    await $('.meeting-event').waitForDisplayed();
    for (const view of ['Week', 'Day', 'List'] as const) {
      await $(`button=${view}`).click();
      await browser.waitUntil(
        async () => (await $(`button=${view}`).getAttribute('aria-selected')) === 'true',
        {
          timeout: 5_000,
          timeoutMsg: `the ${view} view never opened`,
        },
      );
      await shot(`meetings-calendar-${view.toLowerCase()}`);
    }
  });

  it('opens the bundled help from Settings → Integrations', async () => {
    await click('nav-settings');
    await click('settings-tab-integrations');
    await $('[data-testid="integration-help"]').$('a*=FAQ').click();
    await $('h1=Calendly FAQ').waitForDisplayed();
    await shot('help-faq');
  });
});
