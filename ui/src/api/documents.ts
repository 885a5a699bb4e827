import { useMutation } from '@tanstack/react-query';
import { save } from '@tauri-apps/plugin-dialog';
import { commands, type DocumentKind } from '../bindings';
import { userLocale } from '../format/locale';
import { unwrap } from './errors';

/** A quote or an invoice, for the commands that work on either. */
export interface DocumentTarget {
  kind: DocumentKind;
  id: number;
}

/**
 * Asks where to save the PDF, proposing the document's number as the name, and writes it
 * there; resolves null when the user cancels the dialog.
 */
export function useSaveDocumentPdf() {
  return useMutation({
    mutationFn: async ({ kind, id }: DocumentTarget) => {
      const name = await unwrap(commands.documentFileName(kind, id));
      const path = await save({
        defaultPath: name,
        filters: [{ name: 'PDF', extensions: ['pdf'] }],
      });
      if (!path) return null;
      return unwrap(commands.saveDocumentPdf(kind, id, path, userLocale()));
    },
  });
}

/** Opens the PDF in the system's viewer, where the user prints it. */
export function usePrintDocument() {
  return useMutation({
    mutationFn: ({ kind, id }: DocumentTarget) =>
      unwrap(commands.printDocument(kind, id, userLocale())),
  });
}

/** Saves the PDF for attaching and opens an e-mail draft; marks nothing as sent. */
export function useEmailDocument() {
  return useMutation({
    mutationFn: ({ kind, id }: DocumentTarget) =>
      unwrap(commands.emailDocument(kind, id, userLocale())),
  });
}
