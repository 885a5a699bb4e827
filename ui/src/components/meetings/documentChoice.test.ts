import { describe, expect, it } from 'vitest';
import type { ClientDetail } from '../../bindings';
import { documentChoice, documentOptions, parseDocumentChoice } from './documentChoice';

const summary = { client_id: 1, client_name: 'Ada', currency: 'EUR', total_minor: 100 };
const detail = {
  quotes: [
    { ...summary, id: 5, number: 'Q:5', status: 'sent' },
    { ...summary, id: 6, number: 'Q-6', status: 'declined' },
  ],
  invoices: [
    { ...summary, id: 7, number: 'INV-7', status: 'sent' },
    { ...summary, id: 8, number: null, status: 'draft' },
    { ...summary, id: 9, number: 'INV-9', status: 'void' },
  ],
} as unknown as ClientDetail;

describe('document choice', () => {
  it('round-trips a quote, an invoice and none, even with a colon in a number', () => {
    expect(parseDocumentChoice(documentChoice('Q:5', null))).toEqual({
      quote: 'Q:5',
      invoice: null,
    });
    expect(parseDocumentChoice(documentChoice(null, 7))).toEqual({ quote: null, invoice: '7' });
    expect(documentChoice(null, undefined)).toBe('none');
    expect(parseDocumentChoice('none')).toEqual({ quote: null, invoice: null });
    expect(parseDocumentChoice('javascript:alert(1)')).toEqual({ quote: null, invoice: null });
  });

  it('offers every numbered document, or only the open ones for a new meeting', () => {
    const labels = (openOnly: boolean) =>
      documentOptions(detail, { key: 'number', none: 'None', openOnly }).map((o) => o.label);
    expect(labels(false)).toEqual([
      'None',
      'Quote Q:5',
      'Quote Q-6',
      'Invoice INV-7',
      'Invoice INV-9',
    ]);
    expect(labels(true)).toEqual(['None', 'Quote Q:5', 'Invoice INV-7']);
    const byId = documentOptions(detail, { key: 'id', none: 'None', openOnly: false });
    expect(byId.map((o) => o.value)).toEqual([
      'none',
      'quote:5',
      'quote:6',
      'invoice:7',
      'invoice:9',
    ]);
    expect(documentOptions(undefined, { key: 'id', none: 'None', openOnly: true })).toHaveLength(1);
  });
});
