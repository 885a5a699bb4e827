import { Button, Code, Group, Menu, Modal, Stack, Text, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import {
  IconChevronDown,
  IconDownload,
  IconDots,
  IconMail,
  IconPrinter,
} from '@tabler/icons-react';
import { useState, type ReactNode } from 'react';
import {
  useEmailDocument,
  usePrintDocument,
  useSaveDocumentPdf,
  type DocumentTarget,
} from '../../api/documents';
import type { PreparedEmail } from '../../bindings';
import { notifyFailure } from '../notifyFailure';

/** The last part of a path, on any system's separators. */
function fileName(path: string): string {
  return path.split(/[\\/]/).pop() || path;
}

export interface DocumentActionsProps {
  document: DocumentTarget;
  /** Why it cannot be e-mailed yet (a draft invoice); shown on the disabled button. */
  emailBlocked?: string;
  /**
   * Records that it was sent once the user confirms the e-mail went out; null when it is
   * already recorded, and confirming only closes the dialog.
   */
  markSent: (() => Promise<void>) | null;
  /** Duplicate, Revise, Delete…: actions used less often, listed after the PDF ones. */
  menuItems?: ReactNode;
  /** One of `menuItems` is running. */
  menuBusy?: boolean;
  /** Loads the document again after a failure that may come from a change elsewhere. */
  reload: () => void;
}

/**
 * "Send by e-mail" and a "More" menu with the PDF and the less frequent actions, so the
 * action bar keeps to one row at 1024 px. E-mail links cannot carry attachments: the backend
 * saves the PDF for the user to attach, and the user confirms here that it went out.
 */
export function DocumentActions({
  document,
  emailBlocked,
  markSent,
  menuItems,
  menuBusy = false,
  reload,
}: DocumentActionsProps) {
  const pdf = useSaveDocumentPdf();
  const print = usePrintDocument();
  const email = useEmailDocument();
  const [prepared, setPrepared] = useState<PreparedEmail | null>(null);
  const [marking, setMarking] = useState(false);
  const fail = (title: string, e: unknown) => notifyFailure(document.kind, title, e, reload);

  const download = async () => {
    try {
      const saved = await pdf.mutateAsync(document);
      if (saved) {
        notifications.show({
          color: 'green',
          title: 'PDF saved',
          message: `Saved as ${fileName(saved.path)}.`,
        });
      }
    } catch (e) {
      fail('The PDF could not be saved', e);
    }
  };

  const openToPrint = async () => {
    try {
      await print.mutateAsync(document);
      notifications.show({
        color: 'green',
        message: 'The PDF is open in your PDF viewer: print it from there.',
      });
    } catch (e) {
      fail('The PDF could not be opened', e);
    }
  };

  const prepare = async () => {
    try {
      setPrepared(await email.mutateAsync(document));
    } catch (e) {
      fail('The e-mail could not be prepared', e);
    }
  };

  const confirmSent = async () => {
    if (markSent) {
      setMarking(true);
      try {
        await markSent();
      } finally {
        setMarking(false);
      }
    }
    setPrepared(null);
  };

  return (
    <>
      <Tooltip
        label={emailBlocked}
        disabled={!emailBlocked}
        multiline
        w={260}
        withArrow
        events={{ hover: true, focus: true, touch: false }}
      >
        <Button
          variant="default"
          leftSection={<IconMail size={16} />}
          loading={email.isPending}
          // Stays focusable while blocked, so the tooltip can say why.
          data-disabled={emailBlocked ? true : undefined}
          aria-disabled={emailBlocked ? true : undefined}
          onClick={() => {
            if (!emailBlocked) void prepare();
          }}
          data-testid="document-email"
        >
          Send by e-mail
        </Button>
      </Tooltip>
      <Menu position="bottom-end" withinPortal>
        <Menu.Target>
          <Button
            variant="default"
            leftSection={<IconDots size={16} />}
            rightSection={<IconChevronDown size={14} />}
            loading={pdf.isPending || print.isPending || menuBusy}
            data-testid="document-more"
          >
            More
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Item
            leftSection={<IconDownload size={16} />}
            onClick={download}
            data-testid="document-pdf"
          >
            Download PDF
          </Menu.Item>
          <Tooltip
            label="Opens the PDF in your PDF viewer to print it"
            position="left"
            withArrow
            events={{ hover: true, focus: true, touch: false }}
          >
            <Menu.Item
              leftSection={<IconPrinter size={16} />}
              onClick={openToPrint}
              data-testid="document-print"
            >
              Print
            </Menu.Item>
          </Tooltip>
          {menuItems && <Menu.Divider />}
          {menuItems}
        </Menu.Dropdown>
      </Menu>
      <Modal
        opened={prepared !== null}
        onClose={() => setPrepared(null)}
        title="Attach the PDF and send the e-mail"
        size="lg"
        data-testid="email-modal"
      >
        {prepared && (
          <Stack gap="md">
            <Text fz="sm" data-testid="email-draft-to">
              {prepared.to ? (
                <>
                  Your e-mail program has a draft to <strong>{prepared.to}</strong>.
                </>
              ) : (
                "Your e-mail program has a draft with no address: add the client's e-mail to it."
              )}
            </Text>
            <Text fz="sm">
              The PDF is saved as <Code>{prepared.pdf.path}</Code>
              {prepared.revealed ? ' and shown in your file manager' : ''}: attach it to the e-mail.
              An e-mail link cannot attach files for you.
            </Text>
            <Group justify="flex-end" gap="sm">
              <Button
                variant="default"
                onClick={() => setPrepared(null)}
                disabled={marking}
                data-testid="email-not-yet"
              >
                Not yet
              </Button>
              <Button onClick={confirmSent} loading={marking} data-testid="email-was-sent">
                It was sent
              </Button>
            </Group>
          </Stack>
        )}
      </Modal>
    </>
  );
}
