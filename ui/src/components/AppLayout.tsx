import {
  Anchor,
  AppShell,
  Box,
  Button,
  Group,
  Menu,
  NavLink,
  Stack,
  Text,
  ThemeIcon,
} from '@mantine/core';
import { useHotkeys } from '@mantine/hooks';
import {
  IconCalendarEvent,
  IconChevronDown,
  IconFileDollar,
  IconFileText,
  IconLayoutDashboard,
  IconPlus,
  IconSettings,
  IconUsers,
} from '@tabler/icons-react';
import { Link, NavLink as RouterLink, Outlet, useNavigate } from 'react-router';
import { useCalendly } from '../api/calendly';
import { useAppContext, useBusinessProfile, useCurrencies } from '../api/settings';
import { BrandMark } from './BrandMark';
import { CalendlyBanner } from './CalendlyBanner';
import { MeetingDrawer } from './meetings/MeetingDrawer';
import { PageSkeleton } from './States';

const NAV = [
  { to: '/', label: 'Dashboard', icon: IconLayoutDashboard, testId: 'nav-dashboard', end: true },
  { to: '/clients', label: 'Clients', icon: IconUsers, testId: 'nav-clients', end: false },
  { to: '/quotes', label: 'Quotes', icon: IconFileText, testId: 'nav-quotes', end: false },
  { to: '/invoices', label: 'Invoices', icon: IconFileDollar, testId: 'nav-invoices', end: false },
] as const;

const MEETINGS_NAV = {
  to: '/meetings',
  label: 'Meetings',
  icon: IconCalendarEvent,
  testId: 'nav-meetings',
  end: false,
};

export const HEADER_HEIGHT = 56;

export function AppLayout() {
  const navigate = useNavigate();
  const profile = useBusinessProfile();
  // Loaded once so every amount is formatted with the currency's real minor units.
  useCurrencies();
  // Screens wait for the time zone their dates are shown in. If it cannot be loaded they
  // still open (a restore must stay reachable) in the webview's zone; Settings shows why.
  const context = useAppContext();
  // Meetings are Calendly's: the entry is absent while the integration is switched off.
  const calendly = useCalendly();

  useHotkeys([
    ['mod+alt+C', () => navigate('/clients/new')],
    ['mod+alt+Q', () => navigate('/quotes/new')],
    ['mod+alt+I', () => navigate('/invoices/new')],
  ]);

  return (
    <AppShell
      layout="alt"
      header={{ height: HEADER_HEIGHT }}
      navbar={{ width: 220, breakpoint: 0 }}
      padding={0}
      styles={{
        header: { borderBottom: '1px solid var(--mantine-color-gray-2)' },
        navbar: { background: 'var(--mantine-color-slate-9)', border: 'none' },
      }}
    >
      <AppShell.Navbar p="sm">
        <Group gap="xs" px="xs" h={HEADER_HEIGHT - 12} mb="md" wrap="nowrap">
          <BrandMark size={28} />
          <Text fw={700} fz="lg" c="white">
            Quotla
          </Text>
        </Group>
        <Stack gap={4} component="nav" aria-label="Main">
          {NAV.map((item) => (
            <SideLink key={item.to} {...item} />
          ))}
          {calendly.data?.enabled && <SideLink {...MEETINGS_NAV} />}
        </Stack>
        <Box mt="auto">
          <SideLink
            to="/settings"
            label="Settings"
            icon={IconSettings}
            testId="nav-settings"
            end={false}
          />
        </Box>
      </AppShell.Navbar>

      <AppShell.Header px="xl">
        <Group h="100%" justify="space-between" wrap="nowrap">
          {profile.data && !profile.data.name ? (
            <Anchor component={Link} to="/settings" fz="sm" data-testid="header-business">
              Add your business name in Settings
            </Anchor>
          ) : (
            <Text fw={600} c="dimmed" truncate data-testid="header-business">
              {profile.data?.name}
            </Text>
          )}
          <Menu position="bottom-end" withinPortal>
            <Menu.Target>
              <Button
                leftSection={<IconPlus size={16} />}
                rightSection={<IconChevronDown size={14} />}
                data-testid="header-new"
              >
                New
              </Button>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Item
                leftSection={<IconUsers size={16} />}
                rightSection={<Shortcut keys="C" />}
                onClick={() => navigate('/clients/new')}
              >
                Client
              </Menu.Item>
              <Menu.Item
                leftSection={<IconFileText size={16} />}
                rightSection={<Shortcut keys="Q" />}
                onClick={() => navigate('/quotes/new')}
              >
                Quote
              </Menu.Item>
              <Menu.Item
                leftSection={<IconFileDollar size={16} />}
                rightSection={<Shortcut keys="I" />}
                onClick={() => navigate('/invoices/new')}
              >
                Invoice
              </Menu.Item>
            </Menu.Dropdown>
          </Menu>
        </Group>
      </AppShell.Header>

      <AppShell.Main style={{ height: '100dvh', display: 'flex', flexDirection: 'column' }}>
        <CalendlyBanner />
        {context.isPending ? (
          <PageSkeleton />
        ) : (
          // Dates are formatted outside React state: a new zone remounts the page to show it.
          <Outlet key={context.data?.time_zone} />
        )}
        <MeetingDrawer />
      </AppShell.Main>
    </AppShell>
  );
}

/** The Ctrl+Alt shortcut of a "New" menu entry. */
function Shortcut({ keys }: { keys: string }) {
  return (
    <Text fz="xs" c="dimmed">
      Ctrl+Alt+{keys}
    </Text>
  );
}

interface SideLinkProps {
  to: string;
  label: string;
  icon: typeof IconUsers;
  testId: string;
  end: boolean;
}

function SideLink({ to, label, icon: Icon, testId, end }: SideLinkProps) {
  return (
    <RouterLink
      to={to}
      end={end}
      style={{ display: 'block', textDecoration: 'none' }}
      data-testid={testId}
    >
      {({ isActive }) => (
        <NavLink
          component="span"
          className="nav-link"
          label={label}
          active={isActive}
          variant="filled"
          leftSection={
            <ThemeIcon variant="transparent" size="sm" c={isActive ? 'white' : 'slate.3'}>
              <Icon size={18} stroke={1.8} />
            </ThemeIcon>
          }
          styles={{
            root: {
              borderRadius: 'var(--mantine-radius-md)',
              color: isActive ? 'white' : 'var(--mantine-color-slate-2)',
            },
          }}
        />
      )}
    </RouterLink>
  );
}
