import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { DatePickerInput } from '@mantine/dates';
import { IconCalendar } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { todayIsoDate } from '../../format/dates';

/** Asks for the payment date (today by default) before marking an invoice paid. */
export function MarkPaidModal({
  opened,
  onClose,
  onConfirm,
  minDate,
  busy,
  title,
}: {
  opened: boolean;
  onClose: () => void;
  onConfirm: (paidOn: string) => void;
  minDate: string;
  busy: boolean;
  title: string;
}) {
  return (
    <Modal opened={opened} onClose={onClose} title={title} size="sm">
      {opened && (
        <MarkPaidForm onClose={onClose} onConfirm={onConfirm} minDate={minDate} busy={busy} />
      )}
    </Modal>
  );
}

function MarkPaidForm({
  onClose,
  onConfirm,
  minDate,
  busy,
}: {
  onClose: () => void;
  onConfirm: (paidOn: string) => void;
  minDate: string;
  busy: boolean;
}) {
  const today = todayIsoDate();
  const [paidOn, setPaidOn] = useState<string | null>(today < minDate ? minDate : today);
  const [error, setError] = useState<string | null>(null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!paidOn) return setError('Choose the date the payment arrived');
    if (paidOn < minDate) return setError('The payment cannot be before the issue date');
    onConfirm(paidOn);
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <Text fz="sm" c="dimmed">
          When did the payment arrive?
        </Text>
        <DatePickerInput
          label="Payment date"
          required
          value={paidOn}
          onChange={(v) => {
            setPaidOn(v);
            setError(null);
          }}
          minDate={minDate}
          maxDate={today}
          leftSection={<IconCalendar size={16} />}
          error={error}
          data-testid="paid-on"
          data-autofocus
        />
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" color="green" loading={busy} data-testid="confirm-paid">
            Mark paid
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
