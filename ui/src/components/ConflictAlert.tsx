import { Alert, Button, Group, Text } from '@mantine/core';
import { IconGitMerge } from '@tabler/icons-react';

/**
 * Shown when a save hits `conflict`: the record changed elsewhere since it was opened. The
 * user's edits stay in the form; they choose to load the other version or save theirs over it.
 */
export function ConflictAlert({
  what,
  onReload,
  onOverwrite,
  busy,
}: {
  what: string;
  onReload: () => void;
  onOverwrite: () => void;
  busy?: boolean;
}) {
  return (
    <Alert
      color="orange"
      variant="light"
      icon={<IconGitMerge size={18} />}
      title={`This ${what} was changed in another window`}
      data-testid="conflict-alert"
      role="alert"
    >
      <Text fz="sm" mb="sm">
        Your edits are still here and have not been saved. Reload to see the other version (your
        edits are discarded), or save yours over it.
      </Text>
      <Group gap="sm">
        <Button
          size="xs"
          color="orange"
          onClick={onReload}
          loading={busy}
          data-testid="conflict-reload"
        >
          Reload
        </Button>
        <Button
          size="xs"
          variant="default"
          onClick={onOverwrite}
          disabled={busy}
          data-testid="conflict-overwrite"
        >
          Save mine anyway
        </Button>
      </Group>
    </Alert>
  );
}
