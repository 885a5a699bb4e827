import { Tabs } from '@mantine/core';
import {
  IconBuildingStore,
  IconDatabase,
  IconFileText,
  IconPlugConnected,
} from '@tabler/icons-react';
import { useNavigate, useParams } from 'react-router';
import { Page } from '../../components/Page';
import { BusinessProfileTab } from './BusinessProfileTab';
import { DataTab } from './DataTab';
import { DocumentSettingsTab } from './DocumentSettingsTab';
import { IntegrationsTab } from './IntegrationsTab';

const TABS = ['profile', 'documents', 'data', 'integrations'] as const;
type Tab = (typeof TABS)[number];

export function SettingsPage() {
  const navigate = useNavigate();
  const param = useParams().tab;
  const tab: Tab = TABS.includes(param as Tab) ? (param as Tab) : 'profile';

  return (
    <Page title="Settings" testId="settings-page">
      <Tabs
        value={tab}
        onChange={(value) => value && navigate(`/settings/${value}`, { replace: true })}
        keepMounted={false}
      >
        <Tabs.List mb="lg">
          <Tabs.Tab
            value="profile"
            leftSection={<IconBuildingStore size={16} />}
            data-testid="settings-tab-profile"
          >
            Business profile
          </Tabs.Tab>
          <Tabs.Tab
            value="documents"
            leftSection={<IconFileText size={16} />}
            data-testid="settings-tab-documents"
          >
            Documents
          </Tabs.Tab>
          <Tabs.Tab
            value="data"
            leftSection={<IconDatabase size={16} />}
            data-testid="settings-tab-data"
          >
            Data
          </Tabs.Tab>
          <Tabs.Tab
            value="integrations"
            leftSection={<IconPlugConnected size={16} />}
            data-testid="settings-tab-integrations"
          >
            Integrations
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="profile">
          <BusinessProfileTab />
        </Tabs.Panel>
        <Tabs.Panel value="documents">
          <DocumentSettingsTab />
        </Tabs.Panel>
        <Tabs.Panel value="data">
          <DataTab />
        </Tabs.Panel>
        <Tabs.Panel value="integrations">
          <IntegrationsTab />
        </Tabs.Panel>
      </Tabs>
    </Page>
  );
}
