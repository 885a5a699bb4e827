import type { ConnectionState, SettingKey, SettingSource, WebhookStatus } from '../../../bindings';

export const STATE_LABEL: Record<ConnectionState, { label: string; color: string }> = {
  not_connected: { label: 'Not connected', color: 'gray' },
  connecting: { label: 'Waiting for Calendly…', color: 'blue' },
  connected: { label: 'Connected', color: 'teal' },
  reconnect_needed: { label: 'Reconnect needed', color: 'orange' },
};

export const WEBHOOK_LABEL: Record<WebhookStatus, { label: string; color: string; hint: string }> =
  {
    live: { label: 'Live', color: 'teal', hint: 'Changes in Calendly arrive within a second.' },
    polling_only: {
      label: 'Polling only',
      color: 'gray',
      hint: 'Quotla checks Calendly for changes from time to time; live updates need a relay and a paid Calendly plan.',
    },
    needs_attention: {
      label: 'Needs attention',
      color: 'orange',
      hint: 'Calendly stopped delivering updates; reconnect to set them up again.',
    },
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
