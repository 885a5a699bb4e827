// The webview's Content Security Policy, in the real app: a script or a request to another
// loopback origin (what a local attacker would serve) is blocked before it leaves the
// webview, and so is an inline script; each shows as a securitypolicyviolation event.
import { browser, expect } from '@wdio/globals';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { byId } from '../support/app.js';

interface Outcome {
  violations: { directive: string; blocked: string }[];
  ran: boolean;
}

/** Runs `attempt` in the page and reports the CSP violations it caused and whether it ran. */
async function attempt(kind: 'script' | 'fetch' | 'inline', url: string): Promise<Outcome> {
  return browser.executeAsync(
    (kind: string, url: string, done: (o: Outcome) => void) => {
      const violations: Outcome['violations'] = [];
      document.addEventListener('securitypolicyviolation', (e) =>
        violations.push({ directive: e.violatedDirective, blocked: e.blockedURI }),
      );
      const flag = `quotlaProbe${Date.now()}`;
      const finish = () =>
        setTimeout(
          () => done({ violations, ran: (document.documentElement.dataset[flag] ?? '') === 'ran' }),
          300,
        );
      if (kind === 'fetch') {
        fetch(`${url}/data`).then(finish, finish);
        return;
      }
      const script = document.createElement('script');
      if (kind === 'inline') {
        script.textContent = `document.documentElement.dataset.${flag} = 'ran';`;
        document.head.appendChild(script);
        finish();
        return;
      }
      script.src = `${url}/evil.js?flag=${flag}`;
      script.onload = finish;
      script.onerror = finish;
      document.head.appendChild(script);
    },
    kind,
    url,
  );
}

describe('Content Security Policy', () => {
  let server: http.Server;
  let origin: string;
  const requests: string[] = [];

  before(async () => {
    await byId('dashboard-page').waitForDisplayed({ timeout: 30_000 });
    // Another origin on this computer, serving a script that would mark the page if it ran.
    server = http.createServer((req, res) => {
      requests.push(req.url ?? '');
      const flag = new URL(req.url ?? '/', 'http://x').searchParams.get('flag') ?? 'x';
      res.writeHead(200, {
        'content-type': 'text/javascript',
        'access-control-allow-origin': '*',
      });
      res.end(`document.documentElement.dataset.${flag} = 'ran';`);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  after(() => {
    server.close();
  });

  it('blocks a script served from another loopback origin', async () => {
    const outcome = await attempt('script', origin);
    expect(outcome.ran).toBe(false);
    // WebKit names the directive script-src-elem (CSP 3), which falls back to script-src.
    expect(outcome.violations).toContainEqual({
      directive: expect.stringMatching(/^script-src/),
      blocked: expect.stringContaining(origin),
    });
  });

  it('blocks a request to another loopback origin', async () => {
    const outcome = await attempt('fetch', origin);
    expect(outcome.violations).toContainEqual({
      directive: 'connect-src',
      blocked: expect.stringContaining(origin),
    });
  });

  it('blocks an inline script', async () => {
    const outcome = await attempt('inline', origin);
    expect(outcome.ran).toBe(false);
    expect(outcome.violations.some((v) => v.directive.startsWith('script-src'))).toBe(true);
  });

  it('never let the other origin see a request', () => {
    expect(requests).toEqual([]);
  });
});
