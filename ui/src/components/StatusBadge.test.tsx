import { render, screen } from '@testing-library/react';
import { MantineProvider } from '@mantine/core';
import { describe, expect, it } from 'vitest';
import { StatusBadge } from './StatusBadge';

describe('StatusBadge', () => {
  it('tells an issued invoice from one confirmed sent', () => {
    render(
      <MantineProvider>
        <StatusBadge status="issued" testId="issued" />
        <StatusBadge status="sent" testId="sent" />
      </MantineProvider>,
    );
    expect(screen.getByTestId('issued')).toHaveTextContent('Issued');
    expect(screen.getByTestId('sent')).toHaveTextContent('Sent');
  });
});
