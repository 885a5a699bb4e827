import { describe, expect, it } from 'vitest';
import type { InvoiceSummary, QuoteSummary } from '../../bindings';
import {
  documentChoice,
  documentOption,
  documentOptions,
  parseDocumentChoice,
} from './documentChoice';

const summary = { client_id: 1, client_name: 'Ada', currency: 'EUR', total_minor: 100 };
const found = {
  quotes: [
    { ...summary, id: 5, number: 'Q:5', status: 'sent' },
    { ...summary, id: 6, number: 'Q-6', status: 'declined' },
    // Another client's, still shown while the new client's matches load.
    { ...summary, client_id: 2, id: 10, number: 'Q-10', status: 'sent' },
  ] as QuoteSummary[],
  invoices: [
    { ...summary, id: 7, number: 'INV-7', status: 'sent' },
    { ...summary, id: 8, number: null, status: 'draft' },
    { ...summary, id: 9, number: 'INV-9', status: 'void' },
  ] as InvoiceSummary[],
};

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

  it("offers the client's numbered documents, or only the open ones for a new meeting", () => {
    const labels = (openOnly: boolean) =>
      documentOptions(found, { clientId: 1, key: 'number', openOnly }).map((o) => o.label);
    expect(labels(false)).toEqual(['Quote Q:5', 'Quote Q-6', 'Invoice INV-7', 'Invoice INV-9']);
    expect(labels(true)).toEqual(['Quote Q:5', 'Invoice INV-7']);
    const byId = documentOptions(found, { clientId: 1, key: 'id', openOnly: false });
    expect(byId.map((o) => o.value)).toEqual(['quote:5', 'quote:6', 'invoice:7', 'invoice:9']);
    expect(
      documentOptions({ quotes: [], invoices: [] }, { clientId: 1, key: 'id', openOnly: true }),
    ).toEqual([]);
  });

  it('names a document a form starts with, a draft invoice too', () => {
    expect(documentOption('quote', 5, 'QUO-0005')).toEqual({
      value: 'quote:5',
      label: 'Quote QUO-0005',
    });
    expect(documentOption('invoice', 8, null)).toEqual({
      value: 'invoice:8',
      label: 'Draft invoice',
    });
  });
});
