import type { CalendarEntry, CalendlyView, Meeting } from '../bindings';

/** A connected account with one active event type and every feature granted. */
export const connectedView: CalendlyView = {
  enabled: true,
  notifications: true,
  configured: true,
  state: 'connected',
  account: {
    user_uri: 'https://api.calendly.com/users/U1',
    organization_uri: 'https://api.calendly.com/organizations/ORG1',
    name: 'Morgan Avery',
    email: 'morgan@avery-studio.example',
    scheduling_url: null,
    timezone: 'Europe/Berlin',
    scopes: 'default',
    status: 'connected',
    default_event_type_uri: 'https://api.calendly.com/event_types/E1',
    event_types_fetched_at: null,
    connected_at: '2026-11-25T10:00:00.000000Z',
  },
  event_types: [
    {
      uri: 'https://api.calendly.com/event_types/E1',
      name: 'Intro call',
      scheduling_url: null,
      duration_minutes: 30,
      kind: 'solo',
      active: true,
    },
    {
      uri: 'https://api.calendly.com/event_types/E2',
      name: 'Project review',
      scheduling_url: null,
      duration_minutes: 60,
      kind: 'solo',
      active: true,
    },
  ],
  features: [
    { feature: 'Send booking links', available: true, reason: null },
    { feature: 'Show meetings', available: true, reason: null },
    { feature: 'Cancel meetings and mark no-shows', available: true, reason: null },
    { feature: 'Live updates', available: true, reason: null },
  ],
  sync: {
    mode: 'live',
    summary: 'Meetings arrive live.',
    last_sync: '2026-11-25T10:05:00.000000Z',
    meetings: 1,
    earlier_account_meetings: 0,
  },
  keyring: { backend: 'secret_service', survives_reboot: true },
  relay_configured: true,
  settings: [],
};

export const disconnectedView: CalendlyView = {
  ...connectedView,
  state: 'not_connected',
  account: null,
  event_types: [],
  features: [],
};

let counter = 0;

/** A scheduled 30-minute meeting of client 1; fields override. */
export function meeting(overrides: Partial<Meeting> = {}): Meeting {
  counter += 1;
  return {
    invitee_uri: `https://api.calendly.com/scheduled_events/EV${counter}/invitees/I${counter}`,
    event_uri: `https://api.calendly.com/scheduled_events/EV${counter}`,
    event_type_uri: 'https://api.calendly.com/event_types/E1',
    event_type_name: 'Intro call',
    name: 'Ada Lovelace',
    email: 'ada@example.com',
    start_time: '2030-03-10T14:00:00.000000Z',
    end_time: '2030-03-10T14:30:00.000000Z',
    status: 'scheduled',
    rescheduled: false,
    rescheduled_from: null,
    rescheduled_to: null,
    moved_to_start_time: null,
    no_show: false,
    canceled_at: null,
    canceled_by: null,
    canceler_type: null,
    cancel_reason: null,
    location_type: 'zoom_conference',
    location: null,
    join_url: 'https://zoom.example.com/j/123',
    questions_and_answers: [],
    invitee_timezone: 'Europe/London',
    client_id: 1,
    client_name: 'Ada Lovelace',
    quote_id: null,
    quote_number: null,
    invoice_id: null,
    invoice_number: null,
    calendly_user: 'https://api.calendly.com/users/U1',
    ...overrides,
  };
}

/** A meeting as the calendar reads it: `list_calendar`'s answer for `meeting(overrides)`. */
export function calendarEntry(overrides: Partial<Meeting> = {}): CalendarEntry {
  const m = meeting(overrides);
  return {
    invitee_uri: m.invitee_uri,
    event_type_name: m.event_type_name,
    who: m.client_name ?? m.name ?? m.email,
    start_time: m.start_time,
    end_time: m.end_time,
    status: m.status,
    no_show: m.no_show,
  };
}
