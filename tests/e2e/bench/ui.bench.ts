// `make bench-ui`: how the release app feels on years of data, measured in its own page
// through WebDriver (see bench/probe.ts for where each clock starts and stops). The data is
// the large default set written by the release `quotla-cli seed`, as scale.e2e.ts does at a
// smaller size. Every main screen is opened from the navigation ten times with an empty query
// cache (the page reloaded first: a screen's first visit) and ten times with its data cached
// (a return visit), then 50 keystrokes each are typed into a description and a quantity of a
// quote with 200 lines, and of one with a single line as the baseline. No assertion on
// times: the figures are written to QUOTLA_BENCH_OUT as JSON for scripts/bench-ui.sh to print.
import { browser, $, $$ } from '@wdio/globals';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { byId, command, dataDir, shot } from '../support/app.js';
import {
  armKeystrokes,
  armOpen,
  keystrokes,
  openTime,
  summary,
  type Keystroke,
  type Shown,
} from './probe.js';

const target = process.env.CARGO_TARGET_DIR ?? path.resolve(import.meta.dirname, '../../../target');
const cli = process.env.QUOTLA_CLI ?? path.join(target, 'release', 'quotla-cli');
const out = process.env.QUOTLA_BENCH_OUT ?? path.resolve('bench-ui.json');
const OPENS = 10;
const KEYSTROKES = 50;
const LINES = 200;

/** A main screen: where the user stands, what they click, and what shows the data. */
interface Screen {
  name: string;
  from: string;
  fromShown: Shown[];
  click: string;
  shown: Shown[];
}

const id = (testId: string) => `[data-testid="${testId}"]`;
const help: Shown[] = [{ selector: id('help-page') }];
const clientRows: Shown[] = [{ selector: `${id('client-list')} [data-index]` }];
const quoteRows: Shown[] = [{ selector: `${id('quote-list')} [data-index]` }];
const calendar: Shown[] = [{ selector: `${id('meeting-calendar')} .meeting-event` }];

const screens: Screen[] = [
  {
    name: 'dashboard',
    from: '/help',
    fromShown: help,
    click: id('nav-dashboard'),
    shown: [{ selector: id('dashboard-counts'), text: '^[\\d,]+ clients? ·' }],
  },
  {
    name: 'clients',
    from: '/help',
    fromShown: help,
    click: id('nav-clients'),
    shown: [{ selector: id('clients-page-subtitle'), text: '^[\\d,]+ clients?$' }, ...clientRows],
  },
  {
    name: 'quotes',
    from: '/help',
    fromShown: help,
    click: id('nav-quotes'),
    shown: [{ selector: id('quotes-page-subtitle'), text: '^[\\d,]+ quotes?$' }, ...quoteRows],
  },
  {
    name: 'invoices',
    from: '/help',
    fromShown: help,
    click: id('nav-invoices'),
    shown: [
      { selector: id('invoices-page-subtitle'), text: '^[\\d,]+ invoices?$' },
      { selector: `${id('invoice-list')} [data-index]` },
    ],
  },
  {
    name: 'meetings calendar',
    from: '/help',
    fromShown: help,
    click: id('nav-meetings'),
    shown: calendar,
  },
  {
    // The history panel stays mounted behind the calendar, so its first page loads with the
    // calendar: this is the switch to the tab, as the user makes it.
    name: 'meeting history',
    from: '/meetings',
    fromShown: calendar,
    click: id('meetings-tab-history'),
    shown: [{ selector: id('history-count'), text: '^Showing [\\d,]+ of [\\d,]+$' }],
  },
  {
    name: 'client detail',
    from: '/clients',
    fromShown: clientRows,
    click: id('client-row'),
    shown: [{ selector: id('client-title') }, { selector: id('client-tab-quotes') }],
  },
  {
    name: 'quote detail',
    from: '/quotes',
    fromShown: quoteRows,
    click: id('quote-row'),
    shown: [{ selector: id('quote-number') }, { selector: id('document-line') }],
  },
];

/** Waits until every check of `shown` holds (the same test as the probe's). */
async function waitShown(shown: Shown[], what: string): Promise<void> {
  await browser.waitUntil(
    () =>
      browser.execute(
        (checks: Shown[]) =>
          checks.every((c) =>
            Array.from(document.querySelectorAll(c.selector)).some(
              (el) =>
                el.getClientRects().length > 0 &&
                (c.text === undefined || new RegExp(c.text).test(el.textContent ?? '')),
            ),
          ),
        shown,
      ),
    { timeout: 60_000, interval: 100, timeoutMsg: `${what} never showed its data` },
  );
}

/** Goes to `route` (a hash route, as a link would) and waits for its data. */
async function goTo(route: string, shown: Shown[]): Promise<void> {
  await browser.execute((to: string) => {
    window.location.hash = to;
  }, route);
  await waitShown(shown, route);
}

/** One open of `screen`: from its starting point, fresh (page reloaded) or with a warm cache. */
async function open(screen: Screen, fresh: boolean): Promise<number> {
  await goTo(screen.from, screen.fromShown);
  if (fresh) {
    await browser.refresh();
    await waitShown(screen.fromShown, screen.from);
  }
  // Whatever the start screen still loads in the background settles first.
  await browser.pause(300);
  await armOpen(screen.shown);
  await $(screen.click).click();
  return openTime(screen.name);
}

/** Types `keys` one keystroke at a time into the input `selector`, as a user would. */
async function type(selector: string, keys: string[]): Promise<void> {
  const input = await $(selector);
  await input.scrollIntoView({ block: 'center' });
  await input.click();
  for (const key of keys) {
    await browser.action('key').down(key).up(key).perform();
  }
}

/**
 * Opens a new quote with `lines` lines in the editor and types 50 characters into the
 * description of its middle line, then 25 digit-and-Backspace pairs into its quantity;
 * returns every keystroke's time.
 */
async function typeIntoQuote(lines: number): Promise<Keystroke[]> {
  const client = await command<{ rows: { id: number }[] }>('list_clients', {
    filter: {},
    page: { limit: 1 },
  });
  const items = Array.from({ length: lines }, (_, i) => ({
    description: `Line ${i + 1}: design and build work`,
    quantity_milli: 1000 + i,
    unit_price_minor: 12_345,
    tax_rate_milli: 20_000,
  }));
  const quote = await command<{ id: number }>('create_quote', {
    input: {
      client_id: client.rows[0].id,
      currency: 'EUR',
      items,
      discount: { kind: 'none' },
      notes: null,
      valid_until: null,
    },
  });
  await browser.execute((to: string) => {
    window.location.hash = to;
  }, `/quotes/${quote.id}/edit`);
  await browser.waitUntil(async () => (await $$(id('line-item-row')).length) === lines, {
    timeout: 60_000,
    timeoutMsg: `the editor never showed ${lines} lines`,
  });
  await browser.pause(500);
  await armKeystrokes();
  const middle = Math.ceil(lines / 2);
  const words = 'quick brown fox jumps over lazy dogs and then some '.split('');
  await type(`[aria-label="Line ${middle} description"]`, words.slice(0, KEYSTROKES));
  // A digit then Backspace, 25 times: the quantity stays valid and every key is an edit.
  const digits = Array.from({ length: KEYSTROKES / 2 }, (_, i) => [String((i % 9) + 1), '\uE003']);
  await type(`[aria-label="Line ${middle} quantity"]`, digits.flat());
  await browser.waitUntil(async () => (await keystrokes()).length === 2 * KEYSTROKES, {
    timeoutMsg: 'not every keystroke was seen by the page',
  });
  return keystrokes();
}

interface Row {
  name: string;
  n: number;
  p50: number;
  p95: number;
  max: number;
}

describe('UI benchmark on years of data', () => {
  const rows: Row[] = [];
  const record = (name: string, samples: number[]) => rows.push({ name, ...summary(samples) });

  before(async () => {
    await byId('dashboard-page').waitForDisplayed({ timeout: 60_000 });
    const seed = spawnSync(cli, ['--data-dir', dataDir(), 'seed'], { encoding: 'utf8' });
    if (seed.status !== 0) throw new Error(`quotla-cli seed: ${seed.stderr}`);
    console.log(`seeded: ${seed.stdout.trim().split('\n').at(-1)}`);
    await browser.refresh();
    await byId('dashboard-page').waitForDisplayed({ timeout: 60_000 });
  });

  after(() => {
    writeFileSync(out, JSON.stringify({ rows }, null, 2));
  });

  for (const screen of screens) {
    it(`opens the ${screen.name}`, async () => {
      const fresh: number[] = [];
      const cached: number[] = [];
      for (let i = 0; i < OPENS; i++) fresh.push(await open(screen, true));
      for (let i = 0; i < OPENS; i++) cached.push(await open(screen, false));
      record(`open ${screen.name} (first visit)`, fresh);
      record(`open ${screen.name} (cached)`, cached);
      if (screen.name === 'quotes') await shot('bench-quotes');
    });
  }

  // One line is the baseline: what a keystroke costs in this WebKit through WebDriver's key
  // actions, whatever the editor holds; the 200-line figure minus it is the editor's share.
  for (const lines of [1, LINES]) {
    it(`paints keystrokes in a quote with ${lines} line${lines === 1 ? '' : 's'}`, async () => {
      const times = await typeIntoQuote(lines);
      if (lines === LINES) await shot('bench-quote-editor');
      for (const field of ['line-description', 'line-quantity']) {
        const typed = times.filter((t) => t.field === field);
        const what = `${field.replace('line-', '')} (${lines} line${lines === 1 ? '' : 's'})`;
        record(
          `keystroke → paint, ${what}`,
          typed.map((t) => t.ms),
        );
        record(
          `  of which the input's script, ${what}`,
          typed.map((t) => t.scriptMs),
        );
      }
    });
  }
});
