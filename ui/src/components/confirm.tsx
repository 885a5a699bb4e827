import { Text } from '@mantine/core';
import { modals } from '@mantine/modals';
import type { ReactNode } from 'react';

/** Asks before a destructive or irreversible action; resolves true when confirmed. */
export function confirmAction(options: {
  title: string;
  message: ReactNode;
  confirmLabel: string;
  danger?: boolean;
}): Promise<boolean> {
  return new Promise((resolve) => {
    modals.openConfirmModal({
      title: options.title,
      children: <Text fz="sm">{options.message}</Text>,
      labels: { confirm: options.confirmLabel, cancel: 'Cancel' },
      confirmProps: {
        color: options.danger ? 'red' : undefined,
        'data-testid': 'confirm-action',
      } as Record<string, string | undefined>,
      cancelProps: { 'data-testid': 'confirm-cancel' } as Record<string, string>,
      onConfirm: () => resolve(true),
      onCancel: () => resolve(false),
      onClose: () => resolve(false),
    });
  });
}
