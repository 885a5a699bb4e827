import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { RESOURCE_NAMES } from '../../api/keys';
import type { BackupSummary } from '../../bindings';
import { dataChanged, mockBackend, renderWithProviders, wireError } from '../../test/render';
import { DataTab } from './DataTab';

const summary: BackupSummary = {
  file_modified_at: '2025-03-12T14:05:00Z',
  last_change_at: '2025-03-11T18:30:00Z',
  clients: 12,
  quotes: 30,
  invoices: 1,
  meetings: 4,
};

describe('DataTab', () => {
  it('backs up to the file the user picked and says where', async () => {
    const calls = mockBackend({
      'plugin:dialog|save': () => '/home/ada/quotla.quotla',
      backup_database: (_c, args) => ({ path: args.path, size_bytes: 1_400_000 }),
    });
    renderWithProviders(<DataTab />);
    await userEvent.click(screen.getByTestId('backup'));
    expect(await screen.findByTestId('data-success')).toHaveTextContent(
      '1.4 MB written to /home/ada/quotla.quotla',
    );
    expect(calls.find((c) => c.cmd === 'backup_database')?.args).toEqual({
      path: '/home/ada/quotla.quotla',
    });
  });

  it('does nothing when the dialog is cancelled', async () => {
    const calls = mockBackend({ 'plugin:dialog|save': () => null });
    renderWithProviders(<DataTab />);
    await userEvent.click(screen.getByTestId('backup'));
    await waitFor(() => expect(calls).toHaveLength(1));
    expect(screen.queryByTestId('data-success')).not.toBeInTheDocument();
    expect(screen.queryByTestId('data-error')).not.toBeInTheDocument();
  });

  it('asks before restoring and says the data is unchanged when the restore fails', async () => {
    const calls = mockBackend({
      'plugin:dialog|open': () => '/tmp/backup.quotla',
      inspect_backup: () => summary,
      restore_database: () => {
        throw wireError('io', 'the disk is full.');
      },
    });
    renderWithProviders(<DataTab />);
    await userEvent.click(screen.getByTestId('restore'));
    await userEvent.click(await screen.findByTestId('confirm-action'));
    const error = await screen.findByTestId('data-error');
    expect(error).toHaveTextContent('Nothing was restored');
    expect(error).toHaveTextContent('The disk is full. Your current data is unchanged.');
    expect(calls.map((c) => c.cmd)).toContain('restore_database');
  });

  it('restores a confirmed backup and says where the data now comes from', async () => {
    const calls = mockBackend({
      'plugin:dialog|open': () => '/home/ada/quotla.quotla',
      inspect_backup: () => summary,
      restore_database: () => {
        dataChanged(...RESOURCE_NAMES);
        return null;
      },
    });
    renderWithProviders(<DataTab />);
    await userEvent.click(screen.getByTestId('restore'));
    await userEvent.click(await screen.findByTestId('confirm-action'));
    expect(await screen.findByTestId('data-success')).toHaveTextContent(
      'Quotla now shows the data from /home/ada/quotla.quotla.',
    );
    expect(calls.find((c) => c.cmd === 'restore_database')?.args).toEqual({
      path: '/home/ada/quotla.quotla',
    });
  });

  it('restores nothing when the user cancels the confirmation', async () => {
    const calls = mockBackend({
      'plugin:dialog|open': () => '/tmp/backup.quotla',
      inspect_backup: () => summary,
    });
    renderWithProviders(<DataTab />);
    await userEvent.click(screen.getByTestId('restore'));
    await userEvent.click(await screen.findByTestId('confirm-cancel'));
    expect(calls.map((c) => c.cmd)).not.toContain('restore_database');
  });

  it('shows what the backup holds and when it was made before asking to restore it', async () => {
    let answer: (value: BackupSummary) => void = () => {};
    const calls = mockBackend({
      'plugin:dialog|open': () => '/home/ada/quotla.quotla',
      inspect_backup: () => new Promise<BackupSummary>((resolve) => (answer = resolve)),
    });
    renderWithProviders(<DataTab />);
    await userEvent.click(screen.getByTestId('restore'));
    expect(await screen.findByTestId('restore-checking')).toHaveTextContent('Checking the backup…');
    expect(screen.queryByTestId('confirm-action')).not.toBeInTheDocument();
    answer(summary);
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByTestId('backup-contents')).toHaveTextContent(
      'This backup holds 12 clients, 30 quotes, 1 invoice and 4 meetings.',
    );
    expect(within(dialog).getByTestId('backup-file-date')).toHaveTextContent(
      'File saved: Mar 12, 2025, 2:05 PM',
    );
    expect(within(dialog).getByTestId('backup-last-change')).toHaveTextContent(
      'Last change in it: Mar 11, 2025, 6:30 PM',
    );
    expect(calls.map((c) => c.cmd)).not.toContain('restore_database');
    expect(screen.queryByTestId('restore-checking')).not.toBeInTheDocument();
  });

  it('asks nothing and restores nothing when the file is not a backup', async () => {
    const calls = mockBackend({
      'plugin:dialog|open': () => '/tmp/holiday-photo.jpg',
      inspect_backup: () => {
        throw wireError('invalid_backup', 'this file is not a Quotla backup.');
      },
    });
    renderWithProviders(<DataTab />);
    await userEvent.click(screen.getByTestId('restore'));
    const error = await screen.findByTestId('data-error');
    expect(error).toHaveTextContent('This file cannot be restored');
    expect(error).toHaveTextContent(
      'This file is not a Quotla backup. Your current data is unchanged.',
    );
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(calls.map((c) => c.cmd)).not.toContain('restore_database');
  });
});
