import { Button } from '@mantine/core';
import { IconPencil, IconTrash } from '@tabler/icons-react';
import { Link } from 'react-router';

/** Delete and Edit, the actions every draft quote or invoice offers. */
export function DraftActions({
  noun,
  editPath,
  onDelete,
}: {
  noun: 'quote' | 'invoice';
  editPath: string;
  onDelete: () => void;
}) {
  return (
    <>
      <Button
        variant="subtle"
        color="red"
        leftSection={<IconTrash size={16} />}
        onClick={onDelete}
        data-testid={`${noun}-delete`}
      >
        Delete
      </Button>
      <Button
        variant="default"
        leftSection={<IconPencil size={16} />}
        component={Link}
        to={editPath}
        data-testid={`${noun}-edit`}
      >
        Edit
      </Button>
    </>
  );
}
