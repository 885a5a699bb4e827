import { useQuery } from '@tanstack/react-query';
import { commands } from '../bindings';
import { unwrap } from './errors';
import { keys } from './keys';

export function useDashboard() {
  return useQuery({
    queryKey: keys.dashboard.all,
    queryFn: () => unwrap(commands.getDashboard()),
  });
}
