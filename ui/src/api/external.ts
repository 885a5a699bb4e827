import { notifications } from '@mantine/notifications';
import { useMutation } from '@tanstack/react-query';
import { commands } from '../bindings';
import { errorMessage, unwrap } from './errors';

/** Opens an https page or a mailto: draft outside the app; the backend checks it again. */
export const useOpenExternal = () =>
  useMutation({ mutationFn: (url: string) => unwrap(commands.openExternal(url)) });

/** Opens `url` outside the app; a failure shows as a toast titled `title`. */
export function useOpenOrNotify() {
  const open = useOpenExternal();
  return (url: string, title: string) =>
    open.mutate(url, {
      onError: (e) => notifications.show({ color: 'red', title, message: errorMessage(e) }),
    });
}
