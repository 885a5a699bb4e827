import { notifications } from '@mantine/notifications';
import { toApiError } from '../api/errors';

/**
 * Reports a failed action on a document page. A conflict means someone changed the document
 * in another window: the page reloads it so the user acts on what is really there.
 */
export function notifyFailure(
  what: string,
  title: string,
  error: unknown,
  reload: () => void,
): void {
  const e = toApiError(error);
  if (e.isConflict) {
    notifications.show({
      color: 'orange',
      title: `This ${what} was changed in another window`,
      message: 'It has been reloaded; check it and try again.',
    });
    reload();
  } else {
    notifications.show({ color: 'red', title, message: e.message });
  }
}
