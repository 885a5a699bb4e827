import {
  keepPreviousData,
  useMutation,
  useQueries,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import {
  commands,
  type Meeting,
  type MeetingDetail,
  type MeetingFilter,
  type PageRequest,
} from '../bindings';
import { unwrap } from './errors';
import { keys } from './keys';
import { usePagedList } from './paging';

/** Every filter field, so a partial filter and a full one share a cache entry. */
export function meetingFilter(partial: Partial<MeetingFilter> = {}): MeetingFilter {
  return {
    client_id: null,
    quote_number: null,
    invoice_number: null,
    status: null,
    from: null,
    to: null,
    calendly_user: null,
    upcoming: false,
    ...partial,
  };
}

/** Meetings stored on this computer: readable offline, refetched when sync applies one. */
export function useMeetings(filter: MeetingFilter, enabled = true) {
  return useQuery({
    queryKey: keys.meetings.list(filter),
    queryFn: () => unwrap(commands.listMeetings(filter)),
    placeholderData: (previous) => previous,
    enabled,
  });
}

/** Days the calendar shows, `YYYY-MM-DD`, both inclusive, in the display zone. */
export interface CalendarRange {
  from: string;
  to: string;
}

/**
 * The calendar's blocks of a range, moved-away halves of reschedules left out by core. While
 * the next range loads, the last one's stay in view; nothing is read before a range is known.
 */
export function useCalendar(range: CalendarRange | null) {
  return useQuery({
    queryKey: keys.meetings.calendar(range?.from ?? '', range?.to ?? ''),
    queryFn: () => unwrap(commands.listCalendar(range?.from ?? '', range?.to ?? '')),
    placeholderData: keepPreviousData,
    enabled: range !== null,
  });
}

/** The first `limit` meetings of one filter, oldest first, with the list's total. */
export function useFirstMeetingsOf(filter: MeetingFilter, limit: number, enabled = true) {
  const page: PageRequest = { limit };
  return useQuery({
    queryKey: keys.meetings.page(filter, page, false),
    queryFn: () => unwrap(commands.listMeetingPage(filter, page, false)),
    enabled,
  });
}

/**
 * Meetings a page at a time: newest first for the history, oldest first for what comes
 * next. For lists that may hold years of meetings.
 */
export function useMeetingPage(filter: MeetingFilter, newestFirst: boolean) {
  return usePagedList(keys.meetings.pages(filter, newestFirst), (page) =>
    unwrap(commands.listMeetingPage(filter, page, newestFirst)),
  );
}

/** The first `limit` meetings of each filter, oldest first, each with its list's total. */
export function useFirstMeetings(filters: MeetingFilter[], limit: number) {
  const page: PageRequest = { limit };
  return useQueries({
    queries: filters.map((filter) => ({
      queryKey: keys.meetings.page(filter, page, false),
      queryFn: () => unwrap(commands.listMeetingPage(filter, page, false)),
    })),
  });
}

/** One meeting with the whole story of its reschedules. */
export function useMeeting(inviteeUri: string | null) {
  return useQuery({
    queryKey: keys.meetings.detail(inviteeUri ?? ''),
    queryFn: () => unwrap(commands.getMeeting(inviteeUri ?? '')),
    enabled: inviteeUri !== null,
  });
}

/** The dashboard's success measures, counted on this computer. */
export function useMeetingMeasures() {
  return useQuery({
    queryKey: keys.meetings.measures,
    queryFn: () => unwrap(commands.getMeetingMeasures()),
  });
}

/** What a booking link is for: a client, or one of its quotes or invoices. */
interface LinkTarget {
  clientId: number;
  quoteNumber?: string | null;
  invoiceNumber?: string | null;
  eventTypeUri?: string | null;
}

export const useCreateBookingLink = () =>
  useMutation({
    mutationFn: (target: LinkTarget) =>
      unwrap(
        commands.createBookingLink(
          target.clientId,
          target.quoteNumber ?? null,
          target.invoiceNumber ?? null,
          target.eventTypeUri ?? null,
        ),
      ),
  });

/** Shows a command's answer at once on the meeting's detail; `data-changed` does the rest. */
function useStoreMeeting() {
  const queryClient = useQueryClient();
  return (fresh: Meeting) => {
    queryClient.setQueryData<MeetingDetail>(keys.meetings.detail(fresh.invitee_uri), (cached) =>
      cached
        ? {
            meeting: fresh,
            chain: cached.chain.map((m) => (m.invitee_uri === fresh.invitee_uri ? fresh : m)),
          }
        : cached,
    );
  };
}

export function useCancelMeeting() {
  const store = useStoreMeeting();
  return useMutation({
    mutationFn: (args: { inviteeUri: string; reason: string }) =>
      unwrap(commands.cancelMeeting(args.inviteeUri, args.reason)),
    onSuccess: store,
  });
}

export function useSetNoShow() {
  const store = useStoreMeeting();
  return useMutation({
    mutationFn: (args: { inviteeUri: string; noShow: boolean }) =>
      unwrap(commands.setMeetingNoShow(args.inviteeUri, args.noShow)),
    onSuccess: store,
  });
}

export function useLinkMeeting() {
  const store = useStoreMeeting();
  return useMutation({
    mutationFn: (args: {
      inviteeUri: string;
      clientId: number | null;
      quoteId?: number | null;
      invoiceId?: number | null;
    }) =>
      unwrap(
        commands.linkMeeting(
          args.inviteeUri,
          args.clientId,
          args.quoteId ?? null,
          args.invoiceId ?? null,
        ),
      ),
    onSuccess: store,
  });
}

export function useCreateClientFromMeeting() {
  const store = useStoreMeeting();
  return useMutation({
    mutationFn: (inviteeUri: string) => unwrap(commands.createClientFromMeeting(inviteeUri)),
    onSuccess: store,
  });
}
