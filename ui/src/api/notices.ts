import { notifications } from '@mantine/notifications';
import type { UnlistenFn } from '@tauri-apps/api/event';
import { commands, events, type Notice } from '../bindings';

/** Shows one backend notice; errors stay until dismissed, successes fade. */
export function showNotice(notice: Notice): void {
  const ok = notice.level === 'success';
  notifications.show({
    color: ok ? 'teal' : 'red',
    // A burst of the same refusal arrives folded into one notice with its count.
    title: notice.count > 1 ? `${notice.title} (${notice.count}×)` : notice.title,
    message: notice.message,
    autoClose: ok ? 6000 : false,
    withBorder: true,
    'data-testid': `notice-${notice.code}`,
  } as Parameters<typeof notifications.show>[0]);
}

async function collect(): Promise<void> {
  try {
    for (const notice of await commands.takeNotices()) showNotice(notice);
  } catch {
    // Nothing to show if the backend cannot be asked; the next event tries again.
  }
}

/**
 * Shows notices the backend queued (e.g. the outcome of a quotla:// link), including any
 * that arrived before this window loaded, then every later one as it is announced.
 */
export async function listenForNotices(): Promise<UnlistenFn> {
  const unlisten = await events.noticesChanged.listen(() => void collect());
  await collect();
  return unlisten;
}
