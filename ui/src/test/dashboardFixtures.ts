import type { Dashboard } from '../bindings';

/** The dashboard of a business with nothing in it yet; tests spread their figures over it. */
export const emptyDashboard: Dashboard = {
  open_quotes: [],
  outstanding_invoices: [],
  overdue_invoices: [],
  recent_quotes: [],
  recent_invoices: [],
  monthly: [],
  counts: {
    clients: 0,
    draft_quotes: 0,
    open_quotes: 0,
    draft_invoices: 0,
    outstanding_invoices: 0,
    overdue_invoices: 0,
  },
};
