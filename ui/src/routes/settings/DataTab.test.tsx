import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { RESOURCE_NAMES } from '../../api/keys';
import { dataChanged, mockBackend, renderWithProviders, wireError } from '../../test/render';
import { DataTab } from './DataTab';

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

  it('asks before restoring and says the data is unchanged when the file is refused', async () => {
    const calls = mockBackend({
      'plugin:dialog|open': () => '/tmp/holiday-photo.jpg',
      restore_database: () => {
        throw wireError('invalid_backup', 'this file is not a Quotla backup.');
      },
    });
    renderWithProviders(<DataTab />);
    await userEvent.click(screen.getByTestId('restore'));
    await userEvent.click(await screen.findByTestId('confirm-action'));
    const error = await screen.findByTestId('data-error');
    expect(error).toHaveTextContent('Nothing was restored');
    expect(error).toHaveTextContent(
      'this file is not a Quotla backup. Your current data is unchanged.',
    );
    expect(calls.map((c) => c.cmd)).toContain('restore_database');
  });

  it('restores a confirmed backup and says where the data now comes from', async () => {
    const calls = mockBackend({
      'plugin:dialog|open': () => '/home/ada/quotla.quotla',
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
    const calls = mockBackend({ 'plugin:dialog|open': () => '/tmp/backup.quotla' });
    renderWithProviders(<DataTab />);
    await userEvent.click(screen.getByTestId('restore'));
    await userEvent.click(await screen.findByTestId('confirm-cancel'));
    expect(calls.map((c) => c.cmd)).not.toContain('restore_database');
  });
});
