import { Accordion, Table, Text } from '@mantine/core';
import { useSyncLog } from '../../../api/calendly';
import { formatDateTime } from '../../../format/dates';

/** What the sync engine did lately, for the curious and for support; never a secret. */
export function SyncLog() {
  const log = useSyncLog();
  return (
    <Accordion variant="contained" data-testid="calendly-sync-log">
      <Accordion.Item value="log">
        <Accordion.Control>
          <Text fz="sm">Recent sync activity</Text>
        </Accordion.Control>
        <Accordion.Panel>
          {log.isPending ? (
            <Text fz="sm" c="dimmed">
              Loading…
            </Text>
          ) : log.isError ? (
            <Text fz="sm" c="red">
              The log could not be read.
            </Text>
          ) : log.data.length === 0 ? (
            <Text fz="sm" c="dimmed">
              Nothing yet.
            </Text>
          ) : (
            <Table fz="xs" verticalSpacing={4}>
              <Table.Tbody>
                {log.data.map((entry, i) => (
                  <Table.Tr key={i} data-testid="sync-log-entry">
                    <Table.Td style={{ whiteSpace: 'nowrap' }} c="dimmed">
                      {formatDateTime(entry.at)}
                    </Table.Td>
                    <Table.Td style={{ overflowWrap: 'anywhere' }}>{entry.message}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </Accordion.Panel>
      </Accordion.Item>
    </Accordion>
  );
}
