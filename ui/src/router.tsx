import { createHashRouter } from 'react-router';
import { AppLayout } from './components/AppLayout';
import { ClientDetailPage } from './routes/clients/ClientDetailPage';
import { ClientsPage } from './routes/clients/ClientsPage';
import { DashboardPage } from './routes/dashboard/DashboardPage';
import { InvoiceDetailPage } from './routes/invoices/InvoiceDetailPage';
import { InvoiceEditorPage } from './routes/invoices/InvoiceEditorPage';
import { InvoicesPage } from './routes/invoices/InvoicesPage';
import { HelpPage } from './routes/help/HelpPage';
import { NotFoundPage } from './routes/NotFoundPage';
import { QuoteDetailPage } from './routes/quotes/QuoteDetailPage';
import { QuoteEditorPage } from './routes/quotes/QuoteEditorPage';
import { QuotesPage } from './routes/quotes/QuotesPage';
import { RouteErrorPage } from './routes/RouteErrorPage';
import { SettingsPage } from './routes/settings/SettingsPage';

// Hash routes: the app is served from files, so a reload on any screen finds index.html.
export function createAppRouter() {
  return createHashRouter([
    {
      element: <AppLayout />,
      errorElement: <RouteErrorPage />,
      children: [
        {
          errorElement: <RouteErrorPage />,
          children: [
            { index: true, element: <DashboardPage /> },
            { path: 'clients', element: <ClientsPage /> },
            { path: 'clients/new', element: <ClientsPage create /> },
            { path: 'clients/:id', element: <ClientDetailPage /> },
            { path: 'quotes', element: <QuotesPage /> },
            { path: 'quotes/new', element: <QuoteEditorPage /> },
            { path: 'quotes/:id', element: <QuoteDetailPage /> },
            { path: 'quotes/:id/edit', element: <QuoteEditorPage /> },
            { path: 'invoices', element: <InvoicesPage /> },
            { path: 'invoices/new', element: <InvoiceEditorPage /> },
            { path: 'invoices/:id', element: <InvoiceDetailPage /> },
            { path: 'invoices/:id/edit', element: <InvoiceEditorPage /> },
            {
              path: 'meetings',
              // The calendar (FullCalendar and its Temporal polyfill) loads on first use,
              // not with every start of the app.
              lazy: async () => ({
                Component: (await import('./routes/meetings/MeetingsPage')).MeetingsPage,
              }),
            },
            { path: 'help', element: <HelpPage /> },
            { path: 'help/:slug', element: <HelpPage /> },
            { path: 'settings', element: <SettingsPage /> },
            { path: 'settings/:tab', element: <SettingsPage /> },
            { path: '*', element: <NotFoundPage /> },
          ],
        },
      ],
    },
  ]);
}
