import type { CalendarEntry, Meeting } from '../bindings';
import { formatDay, formatTime, isoDateInDays, todayIsoDate } from './dates';

/** Where a meeting stands, as the user reads it. "Completed" is derived from the end time. */
export type MeetingPhase = 'upcoming' | 'completed' | 'canceled' | 'moved' | 'no_show';

/**
 * What a phase is read from. A calendar entry has no `rescheduled`: the calendar never holds
 * the moved-away half of a reschedule.
 */
export type PhaseFields = Pick<Meeting, 'status' | 'no_show' | 'end_time'> &
  Partial<Pick<Meeting, 'rescheduled'>>;

export function meetingPhase(meeting: PhaseFields, now: Date = new Date()): MeetingPhase {
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
export function meetingTitle(meeting: Pick<Meeting, 'event_type_name'>): string {
  return meeting.event_type_name?.trim() || 'Meeting';
}

/**
 * Who booked: the client Quotla matched, else the invitee's own name or e-mail. A calendar
 * entry's `who` is that name already, resolved by core.
 */
export function meetingWho(
  meeting: Pick<Meeting, 'client_name' | 'name' | 'email'> | Pick<CalendarEntry, 'who'>,
): string {
  const who =
    'who' in meeting ? meeting.who : (meeting.client_name ?? meeting.name ?? meeting.email);
  return who ?? 'Unknown invitee';
}

/** "Tue, Mar 10 · 10:00 – 10:30" in the display zone. */
export function meetingWhen(meeting: Pick<Meeting, 'start_time' | 'end_time'>): string {
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

/**
 * The dashboard's groups as calendar days in the display zone, `YYYY-MM-DD` as core takes
 * them: today, tomorrow, and everything from the day after (`to` open).
 */
export function upcomingGroupDays(
  now: Date = new Date(),
): { group: UpcomingGroup; from: string; to: string | null }[] {
  const today = todayIsoDate(now);
  const tomorrow = isoDateInDays(1, now);
  return [
    { group: 'today', from: today, to: today },
    { group: 'tomorrow', from: tomorrow, to: tomorrow },
    { group: 'later', from: isoDateInDays(2, now), to: null },
  ];
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
