import { Alert, Button, Group, Paper, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { open, save } from '@tauri-apps/plugin-dialog';
import {
  IconAlertTriangle,
  IconCheck,
  IconDatabaseExport,
  IconDatabaseImport,
} from '@tabler/icons-react';
import { useState, type ReactNode } from 'react';
import { errorMessage } from '../../api/errors';
import { backupDatabase, restoreDatabase } from '../../api/settings';
import { confirmAction } from '../../components/confirm';
import { todayIsoDate } from '../../format/dates';
import { formatBytes } from '../../format/numbers';

type Outcome = { ok: boolean; title: string; message: ReactNode } | null;

const FILTERS = [{ name: 'Quotla backup', extensions: ['quotla', 'sqlite', 'db'] }];

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
  const [busy, setBusy] = useState<'backup' | 'restore' | null>(null);

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
    const ok = await confirmAction({
      title: 'Replace all data with this backup?',
      message: `Every client, quote and invoice in Quotla now is replaced by the contents of ${path}. Make a backup first if you may want today's data back.`,
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
                loading={busy === 'restore'}
                disabled={busy !== null}
                data-testid="restore"
              >
                Restore…
              </Button>
            </Group>
          </Stack>
        </Group>
      </Paper>
    </Stack>
  );
}
