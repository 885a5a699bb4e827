import { Anchor, Paper, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { useCalendly } from '../../api/calendly';
import { meetingFilter, useFirstMeetingsOf } from '../../api/meetings';
import { calendlyActive } from '../../components/meetings/calendlyAccess';
import { MeetingList, MeetingsQueryState } from '../../components/meetings/MeetingList';
import { todayIsoDate } from '../../format/dates';
import { upcomingSorted } from '../../format/meetings';
import { formatCount } from '../../format/numbers';

/** Meetings listed on the card; the rest are counted. */
const SHOWN = 5;

/**
 * A client's next few meetings, soonest first, and how many more are booked: only the first
 * ones are read, however many the client has. Shown while Calendly is switched on, and when
 * it is connected or the client has meetings stored (they stay readable after a disconnect).
 */
export function ClientUpcomingMeetings({ clientId }: { clientId: number }) {
  const calendly = useCalendly();
  const enabled = calendly.data?.enabled === true;
  const meetings = useFirstMeetingsOf(
    meetingFilter({
      client_id: clientId,
      from: todayIsoDate(),
      status: 'scheduled',
      upcoming: true,
    }),
    SHOWN,
    enabled,
  );
  const page = meetings.data;
  if (!enabled || !(calendlyActive(calendly.data) || (page?.total ?? 0) > 0)) return null;
  // Core read only meetings not yet over; one may have ended since the page was read.
  const shown = upcomingSorted(page?.rows ?? []);
  const more = (page?.total ?? 0) - (page?.rows.length ?? 0);
  return (
    <Paper withBorder p="lg" data-testid="client-meetings">
      <Title order={5} mb="sm">
        Upcoming meetings
      </Title>
      {meetings.isPending || meetings.isError ? (
        <MeetingsQueryState query={meetings} />
      ) : (
        <>
          <MeetingList
            meetings={shown}
            showWho={false}
            empty={
              more > 0 ? null : (
                <Text fz="sm" c="dimmed" data-testid="client-meetings-empty">
                  No upcoming meetings.
                </Text>
              )
            }
          />
          {more > 0 && (
            // The history has no client filter in its address; the meetings page shows them.
            <Anchor component={Link} to="/meetings" fz="sm" data-testid="client-meetings-more">
              +{formatCount(more)} more
            </Anchor>
          )}
        </>
      )}
    </Paper>
  );
}
