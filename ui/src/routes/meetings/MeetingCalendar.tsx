import 'temporal-polyfill/global';
import '@fullcalendar/react/skeleton.css';
import '@fullcalendar/react/themes/classic/theme.css';
import '@fullcalendar/react/themes/classic/palette.css';
import FullCalendar from '@fullcalendar/react';
import dayGridPlugin from '@fullcalendar/react/daygrid';
import listPlugin from '@fullcalendar/react/list';
import classicTheme from '@fullcalendar/react/themes/classic';
import timeGridPlugin from '@fullcalendar/react/timegrid';
import { Box, Loader, Text } from '@mantine/core';
import { useMemo, useState } from 'react';
import { useCalendar, type CalendarRange } from '../../api/meetings';
import { ErrorState } from '../../components/States';
import { useOpenMeeting } from '../../components/meetings/meetingRoute';
import { displayTimeZone, todayIsoDate } from '../../format/dates';
import { userLocale } from '../../format/locale';
import { meetingPhase, meetingTitle, meetingWho, PHASE_COLOR } from '../../format/meetings';

export type CalendarView = 'dayGridMonth' | 'timeGridWeek' | 'timeGridDay' | 'listWeek';

/** Meetings a month day or an hour of the week grid lists before a "+N more" link. */
const MAX_PER_SLOT = 3;

/**
 * Month, week, day and list views of the meetings, in the zone core reports. Only the
 * visible range is read, as small calendar entries; moved-away meetings show in the history,
 * not here. A busy month holds thousands, so a day lists a few and links to the rest.
 */
export function MeetingCalendar({
  initialView = 'dayGridMonth',
  initialDate,
}: {
  initialView?: CalendarView;
  initialDate?: string;
}) {
  const [range, setRange] = useState<CalendarRange | null>(null);
  const meetings = useCalendar(range);
  const openMeeting = useOpenMeeting();
  const zone = displayTimeZone();

  const events = useMemo(
    () =>
      (meetings.data ?? []).map((m) => {
        const phase = meetingPhase(m);
        return {
          id: m.invitee_uri,
          title: `${meetingWho(m)} · ${meetingTitle(m)}`,
          start: m.start_time,
          end: m.end_time,
          className: `meeting-event meeting-event-${phase}`,
          color: `var(--mantine-color-${PHASE_COLOR[phase]}-6)`,
        };
      }),
    [meetings.data],
  );

  return (
    <Box pos="relative" data-testid="meeting-calendar" className="meeting-calendar">
      {meetings.isError && (
        <ErrorState error={meetings.error} onRetry={() => void meetings.refetch()} />
      )}
      {meetings.isFetching && (
        <Loader size="xs" pos="absolute" top={8} right={8} aria-label="Loading meetings" />
      )}
      <FullCalendar
        plugins={[dayGridPlugin, timeGridPlugin, listPlugin, classicTheme]}
        initialView={initialView}
        initialDate={initialDate ?? todayIsoDate()}
        timeZone={zone}
        locale={userLocale()}
        height="auto"
        headerToolbar={{
          start: 'prev,today,next title',
          end: 'dayGridMonth,timeGridWeek,timeGridDay,listWeek',
        }}
        buttons={{ listWeek: { text: 'List' } }}
        nowIndicator
        eventInteractive
        dayMaxEvents={MAX_PER_SLOT}
        eventMaxStack={MAX_PER_SLOT}
        events={events}
        datesSet={(info) => {
          // FullCalendar's end is exclusive; core's `to` is the last day shown.
          const last = new Date(`${info.endStr.slice(0, 10)}T00:00:00Z`);
          last.setUTCDate(last.getUTCDate() - 1);
          const next = { from: info.startStr.slice(0, 10), to: last.toISOString().slice(0, 10) };
          setRange((prev) => (prev?.from === next.from && prev.to === next.to ? prev : next));
        }}
        eventClick={(info) => {
          info.jsEvent.preventDefault();
          openMeeting(info.event.id);
        }}
        noEventsContent={() => (
          <Text c="dimmed" fz="sm" data-testid="calendar-empty">
            No meetings in this period.
          </Text>
        )}
      />
    </Box>
  );
}
