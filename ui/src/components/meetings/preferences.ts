import { useLocalStorage } from '@mantine/hooks';

/**
 * Whether the dashboard shows the upcoming-meetings widget. A display preference of this
 * window, so it lives in the webview's storage rather than the database.
 */
export function useDashboardWidget() {
  return useLocalStorage<boolean>({
    key: 'quotla.dashboard.meetings-widget',
    defaultValue: true,
    getInitialValueInEffect: false,
  });
}
