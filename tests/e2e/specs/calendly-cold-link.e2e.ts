// A quotla:// link that starts Quotla from cold, with no connection attempt waiting, is
// refused with a clear message; the app starts normally.
import { browser, $, expect } from '@wdio/globals';

describe('A Calendly link that starts the app', () => {
  it('is refused with a message, and the app keeps working', async () => {
    const link = 'quotla://oauth/calendly?code=stray-code-123&state=Zm9yZ2VkLXN0YXRlLXZhbHVl';
    await browser.reloadSession({
      'wdio:enforceWebDriverClassic': true,
      'tauri:options': {
        application: process.env.QUOTLA_APP!,
        args: ['--data-dir', process.env.QUOTLA_E2E_DATA_DIR!, link],
      },
    } as WebdriverIO.Capabilities);
    const toast = await $('[data-testid="notice-calendly_link_rejected"]');
    await toast.waitForDisplayed({ timeout: 20_000 });
    // textContent: WebKitWebDriver's getText() reads "" while a toast is still animating in.
    expect(await toast.getProperty('textContent')).toContain(
      'no Calendly connection was in progress',
    );
    await browser.saveScreenshot('./screenshots/calendly-cold-link.png');

    await $('[data-testid="nav-settings"]').click();
    await $('[data-testid="settings-tab-integrations"]').click();
    const status = await $('[data-testid="calendly-status"]');
    await status.waitForDisplayed();
    expect(await status.getAttribute('data-status')).toBe('not_connected');
  });
});
