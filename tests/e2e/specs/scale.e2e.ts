// Issue 12 end to end: the real app on years of data written by `quotla-cli seed` (the same
// code as `make bench-app`, at a size a debug build seeds in seconds). Lists show the whole
// count and load further pages as they scroll, search runs in the store, the client page and
// the meeting history read on page by page, and a busy calendar month stays bounded per day.
// Every screen is photographed with the data in it.
import { browser, $$, expect } from '@wdio/globals';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { byId, click, command, dataDir, shot, text } from '../support/app.js';

const target = process.env.CARGO_TARGET_DIR ?? path.resolve(import.meta.dirname, '../../../target');
const cli = path.join(target, 'debug', 'quotla-cli');

interface Seeded {
  clients: number;
  quotes: number;
  invoices: number;
  meetings: number;
}

/** Runs quotla-cli on the app's data directory; the last line of its output as JSON. */
function quotla<T>(...args: string[]): T {
  const run = spawnSync(cli, ['--data-dir', dataDir(), ...args], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`quotla-cli ${args.join(' ')}: ${run.stderr}`);
  return JSON.parse(run.stdout.trim().split('\n').at(-1)!) as T;
}

/** Goes to `route` inside the app (a hash route), as a link would. */
async function open(route: string, ready: string): Promise<void> {
  await browser.execute((to: string) => {
    window.location.hash = to;
  }, route);
  await byId(ready).waitForDisplayed({ timeout: 20_000 });
}

/** "12,345" as the app writes counts (en-US in the test session). */
const count = (n: number) => n.toLocaleString('en-US');

/** The highest row index the virtual list has rendered. */
async function lastRenderedIndex(list: string): Promise<number> {
  return browser.execute((id: string) => {
    const rows = document.querySelectorAll(`[data-testid="${id}"] [data-index]`);
    return Math.max(-1, ...Array.from(rows, (r) => Number(r.getAttribute('data-index'))));
  }, list);
}

/** Scrolls a virtual list to its end until a row past `index` has been rendered. */
async function scrollPast(list: string, index: number): Promise<void> {
  await browser.waitUntil(
    async () => {
      await browser.execute((id: string) => {
        const scroller = document.querySelector(`[data-testid="${id}"] [role="rowgroup"]`);
        scroller?.scrollTo({ top: scroller.scrollHeight });
      }, list);
      return (await lastRenderedIndex(list)) > index;
    },
    { timeout: 30_000, interval: 300, timeoutMsg: `${list} never showed a row past ${index}` },
  );
}

describe('Years of data', () => {
  let seeded: Seeded;

  before(async () => {
    await byId('dashboard-page').waitForDisplayed({ timeout: 30_000 });
    seeded = quotla<Seeded>(
      'seed',
      '--clients',
      '1500',
      '--documents',
      '6000',
      '--meetings',
      '9000',
    );
    expect(seeded.quotes + seeded.invoices).toBe(6000);
    await browser.refresh();
    await byId('dashboard-page').waitForDisplayed({ timeout: 30_000 });
  });

  it('shows the dashboard with the seeded business', async () => {
    const active = await command<{ total: number }>('list_clients', {
      filter: {},
      page: { limit: 1 },
    });
    await browser.waitUntil(
      async () => (await text('dashboard-counts')).startsWith(`${count(active.total)} clients`),
      { timeoutMsg: 'the dashboard never counted the active clients' },
    );
    // The monthly chart has a year of invoices to draw.
    await byId('monthly-card').waitForDisplayed();
    expect(await byId('monthly-empty').isExisting()).toBe(false);
    await shot('scale-dashboard');
  });

  it('counts every quote and loads further pages as the list scrolls', async () => {
    await open('/quotes', 'quote-list');
    await browser.waitUntil(
      async () => (await text('quotes-page-subtitle')) === `${count(seeded.quotes)} quotes`,
      { timeoutMsg: 'the subtitle never showed the whole count' },
    );
    expect(await byId('quote-list').getAttribute('aria-rowcount')).toBe(String(seeded.quotes));
    await shot('scale-quotes');
    // The first page holds 100 rows: a row past 150 means the next page arrived.
    await scrollPast('quote-list', 150);
    await shot('scale-quotes-scrolled');
  });

  it('searches quotes in the store, by client name without accents', async () => {
    await open('/quotes', 'quote-search');
    await byId('quote-search').setValue('muller');
    // The count and the first rows are the store's own answer to the same search.
    const store = await command<{ total: number; rows: { number: string }[] }>('list_quotes', {
      filter: { search: 'muller' },
      page: { limit: 3 },
    });
    expect(store.total).toBeGreaterThan(0);
    expect(store.total).toBeLessThan(seeded.quotes);
    const firstRows = async () =>
      (
        await browser.execute(() =>
          Array.from(
            document.querySelectorAll('[data-testid="quote-row"]'),
            (r) => r.getAttribute('aria-label') ?? '',
          ).slice(0, 3),
        )
      ).map((label) => label.split(',')[0]);
    const expected = store.rows.map((q) => q.number);
    // Typing narrows the list keystroke by keystroke: wait for the answer to the whole word.
    await browser
      .waitUntil(
        async () =>
          (await text('quotes-page-subtitle')) === `${count(store.total)} matching` &&
          JSON.stringify(await firstRows()) === JSON.stringify(expected),
        { timeout: 10_000 },
      )
      .catch(() => undefined);
    expect(await text('quotes-page-subtitle')).toBe(`${count(store.total)} matching`);
    expect(await firstRows()).toEqual(expected);
    await shot('scale-quotes-search');
  });

  it('counts the active clients and finds one typed in another script', async () => {
    const clients = quotla<{ name: string; archived?: boolean }[]>('clients', 'list', '--json');
    expect(clients.length).toBe(seeded.clients);
    await open('/clients', 'client-list');
    const subtitle = await text('clients-page-subtitle');
    expect(subtitle).toMatch(/^[\d,]+ clients?$/);
    expect(Number(subtitle.replace(/\D/g, ''))).toBeLessThanOrEqual(seeded.clients);
    await scrollPast('client-list', 120);
    const cyrillic = clients.find((c) => /[\u0400-\u04FF]/.test(c.name))!;
    await byId('client-search').setValue(cyrillic.name.split(' ')[1]);
    await browser.waitUntil(
      async () => (await text('clients-page-subtitle')).endsWith('matching'),
      { timeoutMsg: 'the client search never narrowed the list' },
    );
    // A new search starts at the top of its results, not where the last list was scrolled.
    const top = await browser.execute(
      () => document.querySelector('[data-testid="client-list"] [role="rowgroup"]')?.scrollTop,
    );
    expect(top).toBe(0);
    await shot('scale-clients-search');
  });

  it('reads a busy client page on, page by page', async () => {
    // The client with the most quotes: the seed gives a few regulars much of the work.
    const perClient = new Map<number, number>();
    let after: unknown = null;
    do {
      const page: { rows: { client_id: number }[]; next: unknown } = await command('list_quotes', {
        filter: {},
        page: { after, limit: 500 },
      });
      for (const q of page.rows) perClient.set(q.client_id, (perClient.get(q.client_id) ?? 0) + 1);
      after = page.next;
    } while (after);
    const [busiest, many] = [...perClient.entries()].sort((a, b) => b[1] - a[1])[0];
    expect(many).toBeGreaterThan(50);
    await open(`/clients/${busiest}`, 'client-title');
    expect(await text('client-tab-quotes')).toContain(String(many));
    await click('client-quotes-more');
    await browser.waitUntil(async () => (await $$('[data-testid="quote-row"]').length) > 50, {
      timeoutMsg: 'Show more never added quotes',
    });
    const before = await text('client-activity-more-count');
    await click('client-activity-more');
    await browser.waitUntil(async () => (await text('client-activity-more-count')) !== before, {
      timeoutMsg: 'Show earlier never added timeline entries',
    });
    await shot('scale-client');
  });

  it('pages the meeting history and bounds a busy calendar day', async () => {
    await open('/meetings', 'meeting-calendar');
    // A busy day shows three meetings and "+N more" rather than every one of them.
    const crowded = async () =>
      browser.execute(() =>
        Array.from(document.querySelectorAll('[data-testid="meeting-calendar"] *'))
          .filter((el) => el.children.length === 0)
          .map((el) => el.textContent?.trim() ?? '')
          .filter((t) => /^\+\d+ more$/.test(t)),
      );
    await browser.waitUntil(async () => (await crowded()).length > 0, {
      timeout: 20_000,
      timeoutMsg: 'no day of the month said "+N more"',
    });
    await shot('scale-calendar');
    await click('meetings-tab-history');
    await browser.waitUntil(
      async () => (await text('history-count')) === `Showing 100 of ${count(seeded.meetings)}`,
      { timeoutMsg: 'the history never counted every meeting' },
    );
    await click('history-more');
    await browser.waitUntil(
      async () => (await text('history-count')) === `Showing 200 of ${count(seeded.meetings)}`,
      { timeoutMsg: 'Show older meetings never added a page' },
    );
    await shot('scale-history');
  });
});
