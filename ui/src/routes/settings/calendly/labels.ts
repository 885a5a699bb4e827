import type { ConnectionState, SettingKey, SettingSource, SyncMode } from '../../../bindings';

export const STATE_LABEL: Record<ConnectionState, { label: string; color: string }> = {
  not_connected: { label: 'Not connected', color: 'gray' },
  connecting: { label: 'Waiting for Calendly…', color: 'blue' },
  connected: { label: 'Connected', color: 'teal' },
  reconnect_needed: { label: 'Reconnect needed', color: 'orange' },
};

/** The badge of the sync line; the sentence under it comes from core with the mode. */
export const SYNC_LABEL: Record<SyncMode, { label: string; color: string }> = {
  off: { label: 'Not syncing', color: 'gray' },
  live: { label: 'Live', color: 'teal' },
  polling: { label: 'Checked every few minutes', color: 'blue' },
  needs_attention: { label: 'Needs attention', color: 'orange' },
};

export const SETTING_LABEL: Record<SettingKey, { label: string; placeholder: string }> = {
  client_id: { label: 'Client id', placeholder: 'Your Calendly OAuth app’s client id' },
  auth_base_url: { label: 'OAuth base URL', placeholder: 'https://auth.calendly.com' },
  api_base_url: { label: 'API base URL', placeholder: 'https://api.calendly.com' },
  redirect_uri: { label: 'Redirect URI', placeholder: 'quotla://oauth/calendly' },
  relay_url: { label: 'Relay URL', placeholder: 'https://relay.example.com' },
};

export const SOURCE_LABEL: Record<SettingSource, string> = {
  saved: 'Saved here',
  environment: 'From environment',
  built_in: 'Built in',
  unset: 'Not set',
};
