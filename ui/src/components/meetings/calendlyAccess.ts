import type { CalendlyView } from '../../bindings';

/** Feature names as core's `features` table lists them. */
export const FEATURE = {
  links: 'Send booking links',
  actions: 'Cancel meetings and mark no-shows',
} as const;

/** Whether Calendly elements show at all: switched on and an account stored. */
export function calendlyActive(view: CalendlyView | undefined): boolean {
  return Boolean(view?.enabled && view.account);
}

/**
 * Why an action that needs Calendly cannot run now, or null when it can: not connected,
 * reconnect needed, or a scope the user did not grant.
 */
export function unavailableReason(
  view: CalendlyView | undefined,
  feature: (typeof FEATURE)[keyof typeof FEATURE],
): string | null {
  if (!view) return 'Calendly’s state is still loading.';
  if (!view.enabled) return 'The Calendly integration is switched off in Settings → Integrations.';
  if (!view.account) return 'Connect Calendly in Settings → Integrations first.';
  if (view.state === 'reconnect_needed') {
    return 'Calendly needs to be reconnected (Settings → Integrations).';
  }
  return view.features.find((f) => f.feature === feature)?.reason ?? null;
}

/**
 * Whether booking links can use the default event type: `gone` when it was deleted or
 * switched off in Calendly since it was chosen, `unset` when none is chosen while active
 * ones exist (a refresh clears a deleted default).
 */
export function defaultEventTypeState(view: CalendlyView | undefined): 'ok' | 'gone' | 'unset' {
  const chosen = view?.account?.default_event_type_uri ?? null;
  const active = (view?.event_types ?? []).filter((t) => t.active);
  if (chosen === null) return active.length > 0 ? 'unset' : 'ok';
  return active.some((t) => t.uri === chosen) ? 'ok' : 'gone';
}
