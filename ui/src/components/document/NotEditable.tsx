import { Alert, Button } from '@mantine/core';
import type { ReactNode } from 'react';
import { Link } from 'react-router';

/** In place of the editor when the document is no longer a draft. */
export function NotEditable({
  title,
  backTo,
  backLabel,
  children,
}: {
  title: string;
  backTo: string;
  backLabel: string;
  children: ReactNode;
}) {
  return (
    <Alert color="gray" title={title} data-testid="not-editable">
      {children}{' '}
      <Button component={Link} to={backTo} variant="subtle" size="compact-sm">
        {backLabel}
      </Button>
    </Alert>
  );
}
