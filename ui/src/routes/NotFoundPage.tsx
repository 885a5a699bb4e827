import { Button } from '@mantine/core';
import { IconMapOff } from '@tabler/icons-react';
import { Link } from 'react-router';
import { EmptyState } from '../components/States';
import { Page } from '../components/Page';

export function NotFoundPage() {
  return (
    <Page title="Page not found">
      <EmptyState
        icon={<IconMapOff size={28} />}
        title="There is nothing here"
        description="The link you followed points to a page Quotla does not have."
        action={
          <Button component={Link} to="/">
            Go to the dashboard
          </Button>
        }
      />
    </Page>
  );
}
