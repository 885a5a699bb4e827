// WebdriverIO drives the real Quotla binary through tauri-driver, which hands the session to
// WebKitWebDriver. scripts/e2e.sh provides Xvfb and a private D-Bus session around it.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, openSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const targetDir = process.env.CARGO_TARGET_DIR ?? path.resolve(import.meta.dirname, '../../target');
const application = process.env.QUOTLA_APP ?? path.join(targetDir, 'debug', 'quotla');
const tauriDriver = process.env.TAURI_DRIVER ?? 'tauri-driver';
const driverPort = Number(process.env.TAURI_DRIVER_PORT ?? 4444);

let driver: ChildProcess | undefined;

async function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => socket.end(() => resolve(true)));
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    if (Date.now() > deadline) throw new Error(`tauri-driver did not listen on ${port}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export const config: WebdriverIO.Config = {
  runner: 'local',
  specs: ['./specs/**/*.e2e.ts'],
  maxInstances: 1,
  hostname: '127.0.0.1',
  port: driverPort,
  capabilities: [
    {
      // Classic WebDriver only: WebKitWebDriver speaks no BiDi, and tauri-driver needs no browserName.
      'wdio:enforceWebDriverClassic': true,
      'tauri:options': { application, args: [] },
    } as WebdriverIO.Capabilities,
  ],
  logLevel: 'warn',
  waitforTimeout: 15_000,
  connectionRetryTimeout: 120_000,
  connectionRetryCount: 2,
  framework: 'mocha',
  reporters: ['spec'],
  mochaOpts: { ui: 'bdd', timeout: 240_000 },

  // The apps' output (their logs) goes to app.log in the state directory, where the
  // secret-leak checks read it; without a state directory it is shown as it comes.
  onPrepare: async () => {
    const stateDir = process.env.QUOTLA_E2E_STATE_DIR;
    const log = stateDir ? openSync(path.join(stateDir, 'app.log'), 'a') : 'inherit';
    driver = spawn(
      tauriDriver,
      [
        '--port',
        String(driverPort),
        '--native-port',
        String(driverPort + 1),
        '--native-driver',
        process.env.WEBKIT_WEBDRIVER ?? '/usr/bin/WebKitWebDriver',
      ],
      { stdio: ['ignore', log, log] },
    );
    await waitForPort(driverPort, 20_000);
  },

  // Every spec file gets an app with its own, empty data directory; specs find it in
  // QUOTLA_E2E_DATA_DIR (the worker that runs the spec is the process that set it).
  beforeSession: (_config, capabilities) => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'quotla-e2e-'));
    process.env.QUOTLA_E2E_DATA_DIR = dataDir;
    const caps = capabilities as { 'tauri:options': { application: string; args: string[] } };
    caps['tauri:options'].args = ['--data-dir', dataDir];
  },

  onComplete: () => {
    driver?.kill();
  },
};
