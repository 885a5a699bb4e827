// In-page timing for the UI benchmark. Each probe runs in the app's page: the clock starts in
// a capturing listener on the window (the first script to see the event) and stops after the
// frame that shows the result: the next animation frame, then a task after it, by which time
// that frame has been painted.
import { browser } from '@wdio/globals';

/** Elements that show a screen's data: each must match `selector`, be displayed and, when
 *  `text` is given, one of them must have text matching that regular expression. */
export interface Shown {
  selector: string;
  text?: string;
}

/** One keystroke: keydown → painted frame, and the part of it spent handling the input event
 *  (React's handler and the render it caused, which run before the event reaches the window). */
export interface Keystroke {
  field: string;
  ms: number;
  scriptMs: number;
}

interface BenchWindow {
  __quotlaOpen?: number | null;
  __quotlaKeys?: Keystroke[];
  __quotlaKeysArmed?: boolean;
}

/**
 * Arms a probe for the next click: from the click to the frame after every `shown` check
 * holds. Read the result with `openTime`.
 */
export async function armOpen(shown: Shown[]): Promise<void> {
  await browser.execute((checks: Shown[]) => {
    const w = window as unknown as BenchWindow;
    w.__quotlaOpen = null;
    const visible = (el: Element) => el.getClientRects().length > 0;
    const ready = () =>
      checks.every((c) =>
        Array.from(document.querySelectorAll(c.selector)).some(
          (el) =>
            visible(el) && (c.text === undefined || new RegExp(c.text).test(el.textContent ?? '')),
        ),
      );
    window.addEventListener(
      'click',
      () => {
        const start = performance.now();
        let settled = false;
        const observer = new MutationObserver(() => {
          if (settled || !ready()) return;
          settled = true;
          observer.disconnect();
          requestAnimationFrame(() =>
            setTimeout(() => {
              w.__quotlaOpen = performance.now() - start;
            }, 0),
          );
        });
        observer.observe(document.body, {
          subtree: true,
          childList: true,
          characterData: true,
          attributes: true,
        });
      },
      { capture: true, once: true },
    );
  }, shown);
}

/** The armed open's time in ms, once the screen has painted its data. */
export async function openTime(label: string): Promise<number> {
  let ms: number | null = null;
  await browser.waitUntil(
    async () => {
      ms = await browser.execute(() => (window as unknown as BenchWindow).__quotlaOpen ?? null);
      return ms !== null;
    },
    { timeout: 60_000, interval: 50, timeoutMsg: `${label} never showed its data` },
  );
  return ms!;
}

/**
 * Records every keystroke from here on (again from none at each call): from its keydown to the frame after the input it
 * caused has been handled (the editor's state updated and rendered), per input's test id.
 */
export async function armKeystrokes(): Promise<void> {
  await browser.execute(() => {
    const w = window as unknown as BenchWindow;
    w.__quotlaKeys = [];
    // The page is not reloaded between quotes: the listeners of an earlier call stay.
    if (w.__quotlaKeysArmed) return;
    w.__quotlaKeysArmed = true;
    let start: number | null = null;
    let inputAt = 0;
    window.addEventListener('keydown', () => (start = performance.now()), { capture: true });
    window.addEventListener('input', () => (inputAt = performance.now()), { capture: true });
    // Bubbling to the window: React's own listener, on its root, has already run, and so has
    // the render it scheduled (a microtask, run as that listener returned).
    window.addEventListener('input', (event) => {
      if (start === null) return;
      const began = start;
      start = null;
      const scriptMs = performance.now() - inputAt;
      const field = (event.target as HTMLElement).dataset.testid ?? 'input';
      requestAnimationFrame(() =>
        setTimeout(
          () => w.__quotlaKeys!.push({ field, ms: performance.now() - began, scriptMs }),
          0,
        ),
      );
    });
  });
}

/** The keystroke times recorded so far. */
export async function keystrokes(): Promise<Keystroke[]> {
  return browser.execute(() => (window as unknown as BenchWindow).__quotlaKeys ?? []);
}

/** Nearest-rank percentiles of `samples` (ms). */
export function summary(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length, Math.ceil(sorted.length * q)) - 1];
  return { n: sorted.length, p50: at(0.5), p95: at(0.95), max: sorted[sorted.length - 1] };
}
