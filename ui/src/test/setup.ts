// The app runs with Tauri's freezePrototype; tests run under the same rule.
Object.freeze(Object.prototype);

import '@testing-library/jest-dom/vitest';
import { cleanup, configure } from '@testing-library/react';
import { clearMocks } from '@tauri-apps/api/mocks';
import { afterEach } from 'vitest';
import { setDisplayTimeZone } from '../format/dates';
import { setUserLocale } from '../format/locale';

// jsdom lacks the layout APIs Mantine touches.
Object.defineProperty(window, 'matchMedia', {
  writable: true,
  value: (query: string) => ({
    matches: false,
    media: query,
    onchange: null,
    addListener: () => {},
    removeListener: () => {},
    addEventListener: () => {},
    removeEventListener: () => {},
    dispatchEvent: () => false,
  }),
});
class ResizeObserverStub {
  observe() {}
  unobserve() {}
  disconnect() {}
}
window.ResizeObserver = ResizeObserverStub;
window.HTMLElement.prototype.scrollIntoView = () => {};

// Testing Library rewrites the stack of a query that timed out; under the frozen prototype
// that throws inside a timer, and the test would hang instead of failing.
configure({ showOriginalStackTrace: true });

// Locale and time zone are pinned so tests do not depend on the machine's.
setUserLocale('en-US');
setDisplayTimeZone('UTC');

afterEach(() => {
  cleanup();
  clearMocks();
  setUserLocale('en-US');
  setDisplayTimeZone('UTC');
});
