import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Activity, ActivityKind } from '../bindings';
import { renderWithProviders } from '../test/render';
import { ActivityTimeline } from './ActivityTimeline';

const entry = (id: number, kind: ActivityKind): Activity => ({
  id,
  client_id: 1,
  kind,
  quote_id: null,
  quote_number: null,
  invoice_id: null,
  invoice_number: null,
  meeting_invitee_uri: null,
  meeting_start_time: null,
  occurred_at: '2025-01-02T10:00:00Z',
});

describe('ActivityTimeline', () => {
  it('describes client changes, revisions and both steps of sending an invoice', () => {
    const kinds: [ActivityKind, string][] = [
      ['client_updated', 'Client details updated'],
      ['client_archived', 'Client archived'],
      ['client_restored', 'Client restored'],
      ['quote_revised', 'Revised quote created'],
      ['invoice_issued', 'Invoice issued'],
      ['invoice_sent', 'Invoice sent to the client'],
    ];
    renderWithProviders(<ActivityTimeline entries={kinds.map(([kind], i) => entry(i, kind))} />);
    const entries = screen.getAllByTestId('timeline-entry');
    kinds.forEach(([, text], i) => expect(entries[i]).toHaveTextContent(text));
  });
});
