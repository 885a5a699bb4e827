import { Alert, Button, Group, Paper, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { open, save } from '@tauri-apps/plugin-dialog';
import {
  IconAlertTriangle,
  IconCheck,
  IconDatabaseExport,
  IconDatabaseImport,
} from '@tabler/icons-react';
import { useState, type ReactNode } from 'react';
import { errorMessage, unwrap } from '../../api/errors';
import { backupDatabase, restoreDatabase } from '../../api/settings';
import { commands, type BackupSummary } from '../../bindings';
import { confirmAction } from '../../components/confirm';
import { formatDateTime, todayIsoDate } from '../../format/dates';
import { countOf, formatBytes } from '../../format/numbers';

type Outcome = { ok: boolean; title: string; message: ReactNode } | null;

const FILTERS = [{ name: 'Quotla backup', extensions: ['quotla', 'sqlite', 'db'] }];

/** "3 clients, 1 quote, 0 invoices and 2 meetings" */
function contents(summary: BackupSummary): string {
  const parts = [
    countOf(summary.clients, 'client', 'clients'),
    countOf(summary.quotes, 'quote', 'quotes'),
    countOf(summary.invoices, 'invoice', 'invoices'),
  ];
  return `${parts.join(', ')} and ${countOf(summary.meetings, 'meeting', 'meetings')}`;
}

const Line = ({ children, testId }: { children: ReactNode; testId?: string }) => (
  <Text component="span" display="block" fz="sm" mb={6} data-testid={testId}>
    {children}
  </Text>
);

/** What the restore confirmation says the backup holds, so the user knows what they get. */
function BackupDescription({ path, summary }: { path: string; summary: BackupSummary }) {
  const empty = summary.clients + summary.quotes + summary.invoices + summary.meetings === 0;
  return (
    <>
      <Line testId="backup-contents">
        {empty
          ? 'This backup holds no clients, quotes, invoices or meetings.'
          : `This backup holds ${contents(summary)}.`}
      </Line>
      {summary.file_modified_at && (
        <Line testId="backup-file-date">
          File saved: {formatDateTime(summary.file_modified_at)}
        </Line>
      )}
      {summary.last_change_at && (
        <Line testId="backup-last-change">
          Last change in it: {formatDateTime(summary.last_change_at)}
        </Line>
      )}
      <Line>
        <Text component="span" c="dimmed" fz="sm" style={{ overflowWrap: 'anywhere' }}>
          {path}
        </Text>
      </Line>
      <Text component="span" display="block" fz="sm" mt="sm">
        Everything Quotla holds now is replaced by this backup. Make a backup first if you may want
        today&apos;s data back.
      </Text>
    </>
  );
}

function OutcomeAlert({ outcome }: { outcome: Outcome }) {
  if (!outcome) return null;
  return (
    <Alert
      color={outcome.ok ? 'green' : 'red'}
      variant="light"
      title={outcome.title}
      icon={outcome.ok ? <IconCheck size={18} /> : <IconAlertTriangle size={18} />}
      data-testid={outcome.ok ? 'data-success' : 'data-error'}
      role={outcome.ok ? 'status' : 'alert'}
    >
      <Text fz="sm" style={{ overflowWrap: 'anywhere' }}>
        {outcome.message}
      </Text>
    </Alert>
  );
}

export function DataTab() {
  const [backupOutcome, setBackupOutcome] = useState<Outcome>(null);
  const [restoreOutcome, setRestoreOutcome] = useState<Outcome>(null);
  const [busy, setBusy] = useState<'backup' | 'inspect' | 'restore' | null>(null);

  const doBackup = async () => {
    setBackupOutcome(null);
    let path: string | null;
    try {
      path = await save({
        title: 'Back up Quotla',
        defaultPath: `quotla-backup-${todayIsoDate()}.quotla`,
        filters: FILTERS,
      });
    } catch (e) {
      setBackupOutcome({
        ok: false,
        title: 'The file dialog could not be opened',
        message: errorMessage(e),
      });
      return;
    }
    if (!path) return;
    setBusy('backup');
    try {
      const result = await backupDatabase(path);
      setBackupOutcome({
        ok: true,
        title: 'Backup saved',
        message: `${formatBytes(result.size_bytes)} written to ${result.path}`,
      });
    } catch (e) {
      setBackupOutcome({ ok: false, title: 'The backup failed', message: errorMessage(e) });
    } finally {
      setBusy(null);
    }
  };

  const doRestore = async () => {
    setRestoreOutcome(null);
    let path: string | null;
    try {
      const picked = await open({
        title: 'Restore Quotla from a backup',
        multiple: false,
        directory: false,
        filters: FILTERS,
      });
      path = typeof picked === 'string' ? picked : null;
    } catch (e) {
      setRestoreOutcome({
        ok: false,
        title: 'The file dialog could not be opened',
        message: errorMessage(e),
      });
      return;
    }
    if (!path) return;
    // Checked before asking, so the user never confirms a file that cannot be restored.
    setBusy('inspect');
    let summary: BackupSummary;
    try {
      summary = await unwrap(commands.inspectBackup(path));
    } catch (e) {
      setRestoreOutcome({
        ok: false,
        title: 'This file cannot be restored',
        message: `${errorMessage(e)} Your current data is unchanged.`,
      });
      return;
    } finally {
      setBusy(null);
    }
    const ok = await confirmAction({
      title: 'Replace all data with this backup?',
      message: <BackupDescription path={path} summary={summary} />,
      confirmLabel: 'Restore backup',
      danger: true,
    });
    if (!ok) return;
    setBusy('restore');
    try {
      // The backend's data-changed event (every resource) refreshes what the screens show.
      await restoreDatabase(path);
      setRestoreOutcome({
        ok: true,
        title: 'Backup restored',
        message: `Quotla now shows the data from ${path}.`,
      });
    } catch (e) {
      setRestoreOutcome({
        ok: false,
        title: 'Nothing was restored',
        message: `${errorMessage(e)} Your current data is unchanged.`,
      });
    } finally {
      setBusy(null);
    }
  };

  return (
    <Stack gap="lg" maw={760}>
      <Paper withBorder p="lg">
        <Group align="flex-start" wrap="nowrap" gap="md">
          <ThemeIcon variant="light" size={40} radius="md">
            <IconDatabaseExport size={20} />
          </ThemeIcon>
          <Stack gap="sm" style={{ flex: 1 }}>
            <div>
              <Title order={5}>Back up</Title>
              <Text fz="sm" c="dimmed">
                Save a complete copy of your data to a file. You can keep working while it is
                written.
              </Text>
            </div>
            <OutcomeAlert outcome={backupOutcome} />
            <Group>
              <Button
                onClick={doBackup}
                loading={busy === 'backup'}
                disabled={busy !== null}
                data-testid="backup"
              >
                Back up…
              </Button>
            </Group>
          </Stack>
        </Group>
      </Paper>
      <Paper withBorder p="lg">
        <Group align="flex-start" wrap="nowrap" gap="md">
          <ThemeIcon variant="light" color="orange" size={40} radius="md">
            <IconDatabaseImport size={20} />
          </ThemeIcon>
          <Stack gap="sm" style={{ flex: 1 }}>
            <div>
              <Title order={5}>Restore</Title>
              <Text fz="sm" c="dimmed">
                Replace everything with a backup file. The file is checked first; if it is not a
                valid Quotla backup, your current data stays as it is.
              </Text>
            </div>
            <OutcomeAlert outcome={restoreOutcome} />
            <Group>
              <Button
                variant="default"
                color="orange"
                onClick={doRestore}
                loading={busy === 'inspect' || busy === 'restore'}
                disabled={busy !== null}
                data-testid="restore"
              >
                Restore…
              </Button>
              {busy === 'inspect' && (
                <Text fz="sm" c="dimmed" role="status" data-testid="restore-checking">
                  Checking the backup…
                </Text>
              )}
            </Group>
          </Stack>
        </Group>
      </Paper>
    </Stack>
  );
}
