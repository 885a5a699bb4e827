import { useEffect } from 'react';
import { commands } from '../bindings';

let marked = false;

/**
 * Tells the app, once per page load, that the first screen is interactive: its data rendered
 * and a frame painted (the next animation frame, then a task after it). The app logs the time
 * since it started, which `make bench-startup` waits for. A failed call changes nothing here.
 */
export function useFirstScreenMarker(dataRendered: boolean): void {
  useEffect(() => {
    if (!dataRendered || marked) return;
    marked = true;
    requestAnimationFrame(() => {
      setTimeout(() => {
        commands.markFirstScreen().catch(() => undefined);
      }, 0);
    });
  }, [dataRendered]);
}
