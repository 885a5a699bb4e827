import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Dashboard } from '../bindings';
import { DashboardPage } from '../routes/dashboard/DashboardPage';
import { emptyDashboard } from '../test/dashboardFixtures';
import { mockBackend, renderWithProviders, wireError } from '../test/render';

const dashboard: Dashboard = {
  ...emptyDashboard,
  counts: { ...emptyDashboard.counts, clients: 3 },
};

/** Two animation frames and a task: past the moment the marker may be sent. */
const frames = () =>
  new Promise<void>((done) =>
    requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(done, 0))),
  );

describe('the first screen marker', () => {
  it('tells the app once, after the dashboard has painted its data, and shrugs off a failure', async () => {
    let answer: (d: Dashboard) => void = () => {};
    const loading = new Promise<Dashboard>((resolve) => (answer = resolve));
    // Whether the dashboard's figures were on screen when the app was told.
    const marks: boolean[] = [];
    mockBackend({
      get_dashboard: () => loading,
      mark_first_screen: () => {
        marks.push(screen.queryByTestId('dashboard-counts') !== null);
        throw wireError('internal', 'the window may not call this');
      },
    });
    const first = renderWithProviders(<DashboardPage />);
    await frames();
    expect(marks).toEqual([]);

    answer(dashboard);
    await waitFor(() => expect(marks).toEqual([true]));
    expect(screen.getByTestId('dashboard-counts')).toHaveTextContent('3 clients');
    expect(screen.queryByTestId('error-state')).not.toBeInTheDocument();

    // Coming back to the dashboard later in the same process is no new start.
    first.unmount();
    renderWithProviders(<DashboardPage />);
    expect(await screen.findByTestId('dashboard-counts')).toBeInTheDocument();
    await frames();
    expect(marks).toEqual([true]);
  });
});
