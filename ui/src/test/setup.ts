// The app runs with Tauri's freezePrototype; tests run under the same rule.
Object.freeze(Object.prototype);

import '@testing-library/jest-dom/vitest';
import { cleanup } from '@testing-library/react';
import { clearMocks } from '@tauri-apps/api/mocks';
import { afterEach } from 'vitest';
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

setUserLocale('en-US');

afterEach(() => {
  cleanup();
  clearMocks();
  setUserLocale('en-US');
});
