// Issue 4 end to end: connecting Calendly from the real app, against the Calendly sandbox in
// non-interactive approve mode. The browser launcher is the only part replaced: the app
// writes the authorize URL to browser-requests.txt, this test follows it, and the sandbox's
// redirect to quotla://… is handed to a second app process exactly as the OS would do.
import { browser, $, expect } from '@wdio/globals';
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  statSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  app,
  byId,
  click,
  command,
  dataDir,
  dismissNotices,
  expectStatus,
  followInBrowser,
  invoke,
  notice,
  openLink,
  sandbox,
  sandboxControl,
  startConnecting,
  text,
} from '../support/app.js';

/** The app's keyring entry, read with the platform's own tool from the Secret Service. */
function storedTokens(): { access_token: string; refresh_token: string } {
  const digest = createHash('sha256').update(realpathSync(dataDir())).digest('hex').slice(0, 16);
  const found = spawnSync('secret-tool', [
    'lookup',
    'service',
    `app.quotla.desktop/${digest}`,
    'username',
    'calendly-tokens',
  ]);
  expect(found.status).toBe(0);
  return JSON.parse(found.stdout.toString());
}

/**
 * The stored tokens appear in no file the run wrote (SQLite, logs, WebKit storage and
 * caches; not the keyring itself) and in no answer of the given read commands.
 */
async function expectNoTokenAnywhere(
  reads: (string | [string, Record<string, unknown>])[],
): Promise<void> {
  const { access_token, refresh_token } = storedTokens();
  expect(access_token.length).toBeGreaterThan(16);
  expect(refresh_token.length).toBeGreaterThan(16);
  const state = process.env.QUOTLA_E2E_STATE_DIR!;
  const files = [
    ...filesUnder(dataDir(), () => false),
    ...filesUnder(state, (p) => p === path.join(state, 'data', 'keyrings')),
  ];
  expect(files.some((f) => f.endsWith('quotla.db'))).toBe(true);
  expect(files.some((f) => f.endsWith('app.log'))).toBe(true);
  for (const file of files) {
    let bytes: Buffer;
    try {
      bytes = readFileSync(file);
    } catch (e) {
      // WebKit's caches write and rename temporary files as they go: one gone since the
      // listing holds nothing any more.
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw e;
    }
    for (const secret of [access_token, refresh_token]) {
      expect({ file, leaked: bytes.includes(secret) }).toEqual({ file, leaked: false });
    }
  }
  for (const read of reads) {
    const [cmd, args] = typeof read === 'string' ? [read, {}] : read;
    const response = await invoke(cmd, args);
    // A real answer, not a refusal (which would hold no token either).
    const answer = JSON.parse(response) as unknown;
    // Core's errors are {code, message}; the IPC layer refuses bad arguments with a string.
    const refused =
      typeof answer === 'string' ||
      (answer !== null && typeof answer === 'object' && 'code' in answer && 'message' in answer);
    expect({ cmd, refused }).toEqual({ cmd, refused: false });
    expect({
      cmd,
      leaked: response.includes(access_token) || response.includes(refresh_token),
    }).toEqual({
      cmd,
      leaked: false,
    });
  }
}

function filesUnder(dir: string, skip: (p: string) => boolean): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (skip(p)) continue;
    const st = statSync(p);
    if (st.isDirectory()) out.push(...filesUnder(p, skip));
    else if (st.isFile()) out.push(p);
  }
  return out;
}

describe('Connecting Calendly', () => {
  before(async () => {
    await browser.setWindowSize(1280, 820);
    await click('nav-settings');
    await click('settings-tab-integrations');
    await expectStatus('not_connected');
    await browser.saveScreenshot('./screenshots/calendly-not-connected.png');
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') {
      const name = this.currentTest.title.replace(/\W+/g, '-');
      await browser.saveScreenshot(`./screenshots/failed-${name}.png`);
    }
  });

  it('opens the authorize page with PKCE, state and the product scopes', async () => {
    const authorize = await startConnecting();
    expect(authorize.origin).toBe(sandbox);
    expect(authorize.pathname).toBe('/oauth/authorize');
    const q = authorize.searchParams;
    expect(q.get('client_id')).toBe('quotla-desktop-dev');
    expect(q.get('response_type')).toBe('code');
    expect(q.get('redirect_uri')).toBe('quotla://oauth/calendly');
    expect(q.get('code_challenge_method')).toBe('S256');
    expect(q.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(q.get('state')!.length).toBeGreaterThanOrEqual(16);
    expect(q.get('scope')!.split(' ').sort()).toEqual([
      'event_types:read',
      'scheduled_events:write',
      'scheduling_links:write',
      'users:read',
      'webhooks:write',
    ]);
    await expectStatus('connecting');
    await click('calendly-cancel-connect');
    await expectStatus('not_connected');
  });

  let usedLink = '';

  it('connects when a second process hands over the quotla:// callback', async () => {
    const link = await followInBrowser(await startConnecting());
    await expectStatus('connecting');
    expect(openLink(link)).toBe(0);
    await expectStatus('connected');
    expect(await notice('calendly_connected')).toContain('morgan@avery-studio.example');
    await expect(byId('calendly-account-email')).toHaveText('morgan@avery-studio.example');
    const minted = (await sandboxControl('tokens', { scope: 'users:read' })) as {
      organization: string;
    };
    await expect(byId('calendly-account-organization')).toHaveText(
      minted.organization.split('/').pop()!,
    );
    await expect(byId('calendly-default-event-type')).not.toHaveValue('');
    await dismissNotices();
    await browser.saveScreenshot('./screenshots/calendly-connected.png');
    usedLink = link;
  });

  it('refuses a replayed or forged link and changes nothing', async () => {
    const before = await invoke('calendly_status');
    expect(openLink(usedLink)).toBe(0);
    expect(await notice('calendly_link_rejected')).toMatch(/already used/);
    await dismissNotices();

    const forged = new URL(usedLink);
    forged.searchParams.set('state', 'forged-state-value-0123456789abcdef');
    expect(openLink(forged.toString(), { here: true })).toBe(0);
    expect(await notice('calendly_link_rejected')).toMatch(
      /no Calendly connection was in progress/,
    );
    await dismissNotices();

    expect(openLink('quotla://oauth/calendly?code=<script>&state=x', { here: true })).toBe(0);
    expect(await notice('calendly_link_rejected')).toContain('does not accept');
    await dismissNotices();

    await expectStatus('connected');
    expect(await invoke('calendly_status')).toBe(before);
  });

  it('runs a second profile beside this one, and links reach the profile they name', async () => {
    const other = mkdtempSync(path.join(os.tmpdir(), 'quotla-e2e-other-'));
    const second = spawn(app, ['--data-dir', other], { env: process.env, stdio: 'ignore' });
    try {
      await browser.waitUntil(() => existsSync(path.join(other, 'quotla.db')), {
        timeout: 30_000,
        timeoutMsg: 'the second profile never opened its database',
      });
      // Started again for its own directory, it hands over to the running one and exits…
      const again = spawnSync(app, ['--data-dir', other], { env: process.env, timeout: 60_000 });
      expect(again.status).toBe(0);
      // …while the first launch keeps running beside this spec's profile.
      expect(second.exitCode).toBe(null);
      // A callback for this profile, delivered to the default one, still lands here; the
      // other profile's Calendly is untouched.
      const file = path.join(dataDir(), 'browser-requests.txt');
      const before = readFileSync(file, 'utf8').trim().split('\n').length;
      await invoke('calendly_connect');
      await browser.waitUntil(() => readFileSync(file, 'utf8').trim().split('\n').length > before);
      const lines = readFileSync(file, 'utf8').trim().split('\n');
      const link = await followInBrowser(new URL(lines[lines.length - 1]));
      expect(openLink(link)).toBe(0);
      expect(await notice('calendly_connected')).toContain('morgan@avery-studio.example');
      await expectStatus('connected');
      await dismissNotices();
      expect(existsSync(path.join(other, 'browser-requests.txt'))).toBe(false);
      expect(second.exitCode).toBe(null);
    } finally {
      second.kill();
    }
  });

  it('keeps the tokens out of SQLite, logs, webview storage and IPC responses', async () => {
    await click('calendly-refresh-event-types');
    await browser.waitUntil(
      async () => (await byId('calendly-event-types-fetched').getText()) !== 'Not yet',
    );
    const log = readFileSync(path.join(process.env.QUOTLA_E2E_STATE_DIR!, 'app.log'), 'utf8');
    expect(log).toMatch(/TRACE|DEBUG/);
    expect(log).toContain('Calendly connected');
    await expectNoTokenAnywhere([
      'calendly_status',
      'get_business_profile',
      'take_notices',
      'get_dashboard',
    ]);
  });

  it('brings a booking made in Calendly onto the client timeline', async () => {
    const client = await command<{ id: number }>('create_client', {
      input: {
        name: 'Ann Example',
        email: 'ann@example.com',
        company: null,
        phone: null,
        address: null,
        notes: null,
      },
    });
    const view = await command<{ event_types: { uri: string }[] }>('calendly_status');
    await sandboxControl('book', {
      event_type: view.event_types[0].uri,
      name: 'Ann Example',
      email: 'ANN@example.com',
    });
    // No relay in this run: Calendly is checked every few minutes, or now on request.
    await browser.waitUntil(
      async () => (await text('calendly-sync-status')) === 'Checked every few minutes',
      {
        timeout: 20_000,
        timeoutMsg: 'sync never showed polling mode',
      },
    );
    await click('calendly-sync-now');
    await browser.waitUntil(
      async () => (await text('calendly-sync-meetings')).startsWith('1 meeting'),
      {
        timeout: 20_000,
        timeoutMsg: 'the booking never arrived',
      },
    );
    // Off the sync button, so its tooltip is not in the picture.
    await byId('calendly-account-email').moveTo();
    await browser.pause(400);
    await browser.saveScreenshot('./screenshots/calendly-polling.png');
    await click('nav-clients');
    await click('client-row');
    const entry = await $('[data-testid="timeline-entry"][data-kind="meeting_booked"]');
    await entry.waitForDisplayed({ timeout: 20_000 });
    await expect(entry).toHaveText(expect.stringContaining('Meeting booked'));
    expect(client.id).toBeGreaterThan(0);
    await byId('client-title').waitForDisplayed();
    await browser.pause(300);
    await browser.saveScreenshot('./screenshots/client-meeting-booked.png');
    await click('nav-settings');
    await click('settings-tab-integrations');
    await expectStatus('connected');
  });

  it('keeps the tokens out of the synced meeting, the sync log and their IPC answers', async () => {
    const meetings = await command<{ invitee_uri: string; start_time: string }[]>('list_meetings', {
      filter: {},
    });
    expect(meetings).toHaveLength(1);
    const day = meetings[0].start_time.slice(0, 10);
    await expectNoTokenAnywhere([
      'calendly_sync_log',
      'get_meeting_measures',
      ['list_meetings', { filter: {} }],
      ['list_meeting_page', { filter: {}, page: {}, newestFirst: true }],
      ['list_calendar', { from: day, to: day }],
      ['get_meeting', { inviteeUri: meetings[0].invitee_uri }],
      ['list_clients', { filter: {}, page: {} }],
    ]);
  });

  it('shows the denial when the user declines in Calendly', async () => {
    await click('calendly-disconnect');
    await expect(byId('calendly-disconnect-delete-meetings')).toBeDisplayed();
    await browser.saveScreenshot('./screenshots/calendly-disconnect-dialog.png');
    await click('calendly-disconnect-confirm');
    await expectStatus('not_connected');
    await dismissNotices();

    await sandboxControl('authorize', { mode: 'auto_deny' });
    try {
      const link = await followInBrowser(await startConnecting());
      expect(new URL(link).searchParams.get('error')).toBe('access_denied');
      expect(openLink(link)).toBe(0);
      expect(await notice('calendly_connect_failed')).toContain('declined');
      await expectStatus('not_connected');
      await browser.saveScreenshot('./screenshots/calendly-denied.png');
    } finally {
      await sandboxControl('authorize', { mode: 'auto_approve' });
    }
  });
});
