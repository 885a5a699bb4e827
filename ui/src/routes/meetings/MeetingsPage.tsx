import { Button, Paper, Tabs } from '@mantine/core';
import { IconCalendarPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { Page } from '../../components/Page';
import { ScheduleMeetingModal } from '../../components/meetings/ScheduleMeetingModal';
import { MeetingCalendar } from './MeetingCalendar';
import { MeetingHistory } from './MeetingHistory';

/** The calendar and the history of every meeting synced from Calendly. */
export function MeetingsPage() {
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') === 'history' ? 'history' : 'calendar';
  const [scheduling, setScheduling] = useState(false);
  return (
    <Page
      title="Meetings"
      subtitle="Booked through Calendly, kept on this computer"
      testId="meetings-page"
      actions={
        <Button
          leftSection={<IconCalendarPlus size={16} />}
          onClick={() => setScheduling(true)}
          data-testid="meetings-schedule"
        >
          Schedule meeting
        </Button>
      }
    >
      <Tabs
        value={tab}
        onChange={(v) =>
          setParams((p) => {
            const next = new URLSearchParams(p);
            next.set('tab', v ?? 'calendar');
            return next;
          })
        }
      >
        <Tabs.List mb="md">
          <Tabs.Tab value="calendar" data-testid="meetings-tab-calendar">
            Calendar
          </Tabs.Tab>
          <Tabs.Tab value="history" data-testid="meetings-tab-history">
            History
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="calendar">
          <Paper withBorder p="md">
            <MeetingCalendar />
          </Paper>
        </Tabs.Panel>
        <Tabs.Panel value="history">
          <MeetingHistory />
        </Tabs.Panel>
      </Tabs>
      <ScheduleMeetingModal opened={scheduling} onClose={() => setScheduling(false)} />
    </Page>
  );
}
