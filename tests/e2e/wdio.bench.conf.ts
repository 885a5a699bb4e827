// `make bench-ui`: the end-to-end setup (tauri-driver, WebKitWebDriver, the app from
// QUOTLA_APP) running the benchmark specs instead of the tests, with time to seed years of data.
import { config as e2e } from './wdio.conf.js';

export const config: WebdriverIO.Config = {
  ...e2e,
  specs: ['./bench/**/*.bench.ts'],
  mochaOpts: { ui: 'bdd', timeout: 1_800_000 },
};
