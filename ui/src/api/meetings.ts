import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { commands, type Meeting, type MeetingDetail, type MeetingFilter } from '../bindings';
import { unwrap } from './errors';
import { keys } from './keys';

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
