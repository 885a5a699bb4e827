// What the end-to-end specs share: finding and clicking elements, the app's own IPC, the
// Calendly sandbox's control API, and following a connection through the "browser" and the
// OS's handling of quotla:// links.
import { browser, $, $$, expect } from '@wdio/globals';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

export const sandbox = process.env.QUOTLA_E2E_SANDBOX_URL!;
export const app = process.env.QUOTLA_APP!;
export const byId = (id: string) => $(`[data-testid="${id}"]`);

/** Text of an element; WebKitWebDriver's getText() reads "" from some Mantine labels. */
export async function text(id: string): Promise<string> {
  return (await byId(id).getProperty('textContent')) as string;
}

export function dataDir(): string {
  return process.env.QUOTLA_E2E_DATA_DIR!;
}

export async function click(id: string): Promise<void> {
  const el = await byId(id);
  await el.waitForClickable();
  await el.click();
}

/** A screenshot of the screen at rest: toasts dismissed, transitions settled. */
export async function shot(name: string, { dismissToasts = true } = {}): Promise<void> {
  for (const close of dismissToasts
    ? await $$('.mantine-Notification-closeButton').getElements()
    : []) {
    // A toast may close by itself between being found and being clicked.
    await close.click().catch(() => undefined);
  }
  await browser.pause(400);
  await browser.saveScreenshot(`./screenshots/${name}.png`);
}

/** The URLs the app handed to the system browser (captured in test mode), oldest first. */
export function browserRequests(): string[] {
  const file = path.join(dataDir(), 'browser-requests.txt');
  return existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n').filter(Boolean) : [];
}

export async function expectStatus(status: string): Promise<void> {
  const badge = await byId('calendly-status');
  await badge.waitUntil(async () => (await badge.getAttribute('data-status')) === status, {
    timeout: 20_000,
    timeoutMsg: `Calendly never showed ${status}`,
  });
}

/** Clicks Connect and returns the authorize URL the app sent to the "browser". */
export async function startConnecting(): Promise<URL> {
  const before = browserRequests().length;
  await click('calendly-connect');
  await browser.waitUntil(() => browserRequests().length > before, {
    timeoutMsg: 'the app never opened the browser',
  });
  return new URL(browserRequests().at(-1)!);
}

/** What the browser does: load the authorize page, which redirects to quotla://. */
export async function followInBrowser(authorize: URL): Promise<string> {
  const response = await fetch(authorize, { redirect: 'manual' });
  expect(response.status).toBe(302);
  const location = response.headers.get('location');
  expect(location).toMatch(/^quotla:\/\/oauth\/calendly\?/);
  return location!;
}

/**
 * What the OS does with a quotla:// link: start the app with the URL as its argument. The
 * OS knows nothing of profiles, so that process runs the default profile and passes a
 * callback to the profile named in its `state` (this spec's app runs with --data-dir).
 * `here` delivers it to this spec's profile directly, for links that name none.
 */
export function openLink(link: string, { here = false } = {}): number | null {
  const args = here ? ['--data-dir', dataDir(), link] : [link];
  const second = spawnSync(app, args, { env: process.env, timeout: 60_000 });
  return second.status;
}

export async function notice(code: string): Promise<string> {
  const toast = await byId(`notice-${code}`);
  await toast.waitForDisplayed({ timeout: 20_000, timeoutMsg: `no ${code} notice` });
  // textContent: WebKitWebDriver's getText() reads "" while a toast is still animating in.
  return (await toast.getProperty('textContent')) as string;
}

export async function dismissNotices(): Promise<void> {
  await browser.execute(() => {
    document
      .querySelectorAll<HTMLButtonElement>('.mantine-Notification-closeButton')
      .forEach((b) => b.click());
  });
}

export async function sandboxControl(route: string, body: unknown): Promise<unknown> {
  const response = await fetch(`${sandbox}/_sandbox/${route}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(response.ok).toBe(true);
  return response.json().catch(() => null);
}

export async function invoke(cmd: string, args: Record<string, unknown> = {}): Promise<string> {
  const result = await browser.execute(
    async (name: string, payload: Record<string, unknown>) => {
      const internals = (
        window as unknown as {
          __TAURI_INTERNALS__: {
            invoke: (c: string, a: Record<string, unknown>) => Promise<unknown>;
          };
        }
      ).__TAURI_INTERNALS__;
      try {
        return JSON.stringify(await internals.invoke(name, payload));
      } catch (e) {
        return JSON.stringify(e);
      }
    },
    cmd,
    args,
  );
  return result as string;
}

/** An IPC command's answer; a wire error fails the test with its code and message. */
export async function command<T>(cmd: string, args: Record<string, unknown> = {}): Promise<T> {
  const raw = JSON.parse(await invoke(cmd, args)) as T & { code?: string; message?: string };
  if (raw && typeof raw === 'object' && 'code' in raw && 'message' in raw) {
    throw new Error(`${cmd} failed: ${raw.code} ${raw.message}`);
  }
  return raw;
}
