import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { commands, type TotalsInput } from '../bindings';
import { unwrap } from './errors';
import { keys } from './keys';

/**
 * Totals of what the editor shows, computed by core (the only place that does money
 * arithmetic). `input` is null while a line cannot be parsed; the last totals stay visible.
 */
export function useComputedTotals(input: TotalsInput | null) {
  return useQuery({
    queryKey: keys.totals(input ?? {}),
    queryFn: () => unwrap(commands.computeTotals(input!)),
    enabled: input !== null,
    placeholderData: keepPreviousData,
    staleTime: Infinity,
    retry: false,
  });
}
