import { Alert, Button, Group, Paper, Select, Skeleton, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconWorld } from '@tabler/icons-react';
import { useMemo, useState, type FormEvent } from 'react';
import { toApiError } from '../../api/errors';
import { useAppContext, useSetTimeZone } from '../../api/settings';
import type { AppContext, TimeZoneSource } from '../../bindings';
import { ErrorState } from '../../components/States';
import { formatDate, systemTimeZone } from '../../format/dates';

// Not an IANA name, so it cannot collide with a zone.
const SYSTEM_DEFAULT = 'system-default';

const SOURCES: Record<TimeZoneSource, string> = {
  setting: 'chosen here',
  environment: 'taken from the TZ environment variable',
  system: "taken from your computer's settings",
};

/** "America/New York": IANA names with spaces, as people search for them. */
const zoneLabel = (zone: string) => zone.replace(/_/g, ' ');

/** The zone in which Quotla decides what "today" is: due dates, overdue invoices, dates shown. */
export function TimeZoneCard() {
  const context = useAppContext();
  return (
    <Paper withBorder p="lg" maw={760} data-testid="time-zone-card">
      <Stack gap="md">
        <Group gap="xs">
          <IconWorld size={18} />
          <Title order={5}>Region</Title>
        </Group>
        {context.isPending ? (
          <Skeleton height={60} data-testid="loading" />
        ) : context.isError ? (
          <ErrorState error={context.error} onRetry={() => void context.refetch()} />
        ) : (
          // Starts over from the stored value whenever it changes, here or in another window.
          <TimeZoneForm
            key={`${context.data.time_zone_source}:${context.data.time_zone}`}
            context={context.data}
          />
        )}
      </Stack>
    </Paper>
  );
}

/** Every zone this webview can show, plus the stored one (its list lacks UTC and new names). */
function zoneOptions(current: string): string[] {
  // Safari before 15.4 has no list; the stored zone and UTC can still be chosen.
  const zones = new Set(
    typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [],
  );
  zones.add('UTC');
  zones.add(current);
  return [...zones].sort();
}

function TimeZoneForm({ context }: { context: AppContext }) {
  const save = useSetTimeZone();
  const stored = context.time_zone_source === 'setting' ? context.time_zone : SYSTEM_DEFAULT;
  const [value, setValue] = useState(stored);
  const [error, setError] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);

  // Without a setting the backend's zone is the default; with one, the webview's is the
  // best guess at what clearing it would give.
  const fallback = context.time_zone_source === 'setting' ? systemTimeZone() : context.time_zone;
  const data = useMemo(
    () => [
      { value: SYSTEM_DEFAULT, label: `System default (${zoneLabel(fallback)})` },
      ...zoneOptions(context.time_zone).map((zone) => ({ value: zone, label: zoneLabel(zone) })),
    ],
    [fallback, context.time_zone],
  );

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setFormError(null);
    try {
      await save.mutateAsync(value === SYSTEM_DEFAULT ? null : value);
      notifications.show({ color: 'green', message: 'Time zone saved.' });
    } catch (e) {
      const failure = toApiError(e);
      if (failure.field === 'time_zone') setError(failure.message);
      else setFormError(failure.message);
    }
  };

  return (
    <form onSubmit={submit} noValidate data-testid="time-zone-form">
      <Stack gap="md">
        <Text fz="sm" c="dimmed">
          Quotla uses this time zone to decide what &ldquo;today&rdquo; is: for new due dates, for
          when an invoice becomes overdue or a quote expires, and for the dates and times it shows.
        </Text>
        {formError && (
          <Alert color="red" variant="light" data-testid="time-zone-form-error">
            {formError}
          </Alert>
        )}
        <Select
          label="Time zone"
          searchable
          allowDeselect={false}
          data={data}
          value={value}
          onChange={(v) => {
            if (v) setValue(v);
            setError(null);
          }}
          description={
            <span data-testid="time-zone-source">
              In use: {zoneLabel(context.time_zone)}, {SOURCES[context.time_zone_source]}. Today
              there: {formatDate(context.today)}.
            </span>
          }
          error={error}
          nothingFoundMessage="No time zone matches"
          maw={420}
          data-testid="time-zone"
        />
        <Group justify="flex-end">
          <Button
            type="submit"
            loading={save.isPending}
            disabled={value === stored}
            data-testid="time-zone-save"
          >
            Save time zone
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
