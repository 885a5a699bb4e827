import type { Meeting } from '../bindings';
import { daysFromToday, formatDay, formatTime } from './dates';

/** Where a meeting stands, as the user reads it. "Completed" is derived from the end time. */
export type MeetingPhase = 'upcoming' | 'completed' | 'canceled' | 'moved' | 'no_show';

export function meetingPhase(meeting: Meeting, now: Date = new Date()): MeetingPhase {
  if (meeting.rescheduled) return 'moved';
  if (meeting.status === 'canceled') return 'canceled';
  if (meeting.no_show) return 'no_show';
  return new Date(meeting.end_time).getTime() < now.getTime() ? 'completed' : 'upcoming';
}

export const PHASE_LABEL: Record<MeetingPhase, string> = {
  upcoming: 'Upcoming',
  completed: 'Completed',
  canceled: 'Canceled',
  moved: 'Moved',
  no_show: 'No-show',
};

export const PHASE_COLOR: Record<MeetingPhase, string> = {
  upcoming: 'indigo',
  completed: 'teal',
  canceled: 'red',
  moved: 'gray',
  no_show: 'orange',
};

/** The meeting's event type, or a neutral name when Calendly sent none. */
export function meetingTitle(meeting: Meeting): string {
  return meeting.event_type_name?.trim() || 'Meeting';
}

/** Who booked: the client Quotla matched, else the invitee's own name or e-mail. */
export function meetingWho(meeting: Meeting): string {
  return meeting.client_name ?? meeting.name ?? meeting.email ?? 'Unknown invitee';
}

/** "Tue, Mar 10 · 10:00 – 10:30" in the display zone. */
export function meetingWhen(meeting: Meeting): string {
  return `${formatDay(meeting.start_time)} · ${formatTime(meeting.start_time)} – ${formatTime(meeting.end_time)}`;
}

/**
 * The link if it may be opened: join links are booker-controlled text, so only `https:`
 * URLs with a host qualify (never `javascript:`, `data:` or plain `http:`).
 */
export function safeHttpsUrl(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url.trim());
    return parsed.protocol === 'https:' && parsed.hostname !== '' ? parsed.href : null;
  } catch {
    return null;
  }
}

/** Scheduled meetings that have not ended, soonest first. */
export function upcomingSorted(meetings: Meeting[], now: Date = new Date()): Meeting[] {
  return meetings
    .filter((m) => meetingPhase(m, now) === 'upcoming')
    .sort((a, b) => a.start_time.localeCompare(b.start_time));
}

export type UpcomingGroup = 'today' | 'tomorrow' | 'later';

export const GROUP_LABEL: Record<UpcomingGroup, string> = {
  today: 'Today',
  tomorrow: 'Tomorrow',
  later: 'Later',
};

/** Scheduled meetings that have not ended, soonest first, grouped by day in the display zone. */
export function groupUpcoming(
  meetings: Meeting[],
  now: Date = new Date(),
): { group: UpcomingGroup; meetings: Meeting[] }[] {
  const upcoming = upcomingSorted(meetings, now);
  const groups: Record<UpcomingGroup, Meeting[]> = { today: [], tomorrow: [], later: [] };
  for (const m of upcoming) {
    const days = daysFromToday(m.start_time, now) ?? 2;
    groups[days <= 0 ? 'today' : days === 1 ? 'tomorrow' : 'later'].push(m);
  }
  return (['today', 'tomorrow', 'later'] as const)
    .filter((g) => groups[g].length > 0)
    .map((group) => ({ group, meetings: groups[group] }));
}

/** The next scheduled meeting of each quote and invoice, for "Meeting scheduled" badges. */
export function nextMeetingByDocument(meetings: Meeting[], now: Date = new Date()) {
  const quotes = new Map<number, Meeting>();
  const invoices = new Map<number, Meeting>();
  for (const m of upcomingSorted(meetings, now)) {
    if (m.quote_id !== null && !quotes.has(m.quote_id)) quotes.set(m.quote_id, m);
    if (m.invoice_id !== null && !invoices.has(m.invoice_id)) invoices.set(m.invoice_id, m);
  }
  return { quotes, invoices };
}

/** A mailto: URL with the link in a short, editable message. */
export function mailtoHref(args: {
  to: string | null;
  clientName: string;
  businessName: string;
  link: string;
  about?: string | null;
}): string {
  const subject = args.about ? `Let's talk about ${args.about}` : 'Booking a meeting';
  const body = [
    `Hello ${args.clientName},`,
    '',
    `Please pick a time that suits you${args.about ? ` to go over ${args.about}` : ''}:`,
    args.link,
    '',
    'The link works once.',
    '',
    args.businessName ? `Best regards,\n${args.businessName}` : 'Best regards',
  ].join('\n');
  const query = `subject=${encodeURIComponent(subject)}&body=${encodeURIComponent(body)}`;
  return `mailto:${args.to ? encodeURIComponent(args.to) : ''}?${query}`;
}

/** The soonest upcoming meeting of a list, for the "Meeting scheduled" badge. */
export function nextUpcoming(
  meetings: Meeting[] | undefined,
  now: Date = new Date(),
): Meeting | undefined {
  return upcomingSorted(meetings ?? [], now)[0];
}
