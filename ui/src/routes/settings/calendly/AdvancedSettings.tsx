import { Badge, Button, Group, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import type { SettingValue } from '../../../bindings';
import { useSaveCalendlySetting } from '../../../api/calendly';
import { errorMessage, toApiError } from '../../../api/errors';
import { SETTING_LABEL, SOURCE_LABEL } from './labels';

/** One connection setting: shows where its value comes from, saves or clears an override. */
function SettingRow({ setting }: { setting: SettingValue }) {
  const [draft, setDraft] = useState(setting.source === 'saved' ? (setting.value ?? '') : '');
  const save = useSaveCalendlySetting();
  const { label, placeholder } = SETTING_LABEL[setting.key];
  const error = save.error ? toApiError(save.error) : null;

  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate({ key: setting.key, value: draft.trim() === '' ? null : draft.trim() });
      }}
    >
      <Group align="flex-end" wrap="nowrap" gap="xs">
        <TextInput
          flex={1}
          label={
            <Group gap={6} component="span">
              {label}
              <Badge size="xs" variant="light" color={setting.source === 'unset' ? 'gray' : 'blue'}>
                {SOURCE_LABEL[setting.source]}
              </Badge>
            </Group>
          }
          description={
            setting.source === 'saved' || setting.value === null
              ? `Environment variable: ${setting.env_var}`
              : `In use: ${setting.value}`
          }
          placeholder={setting.value ?? placeholder}
          value={draft}
          onChange={(e) => setDraft(e.currentTarget.value)}
          error={error ? errorMessage(error) : undefined}
          data-testid={`calendly-setting-${setting.key}`}
        />
        <Button type="submit" variant="light" loading={save.isPending}>
          Save
        </Button>
      </Group>
    </form>
  );
}

/** Overrides for development, the sandbox or a self-hosted relay. */
export function AdvancedSettings({ settings }: { settings: SettingValue[] }) {
  return (
    <Stack gap="sm" data-testid="calendly-advanced">
      <Text fz="sm" c="dimmed">
        For development, the Calendly sandbox or a self-hosted relay. A saved value wins over the
        environment, which wins over what this build has built in. Leave a field empty and save to
        go back to the default.
      </Text>
      {settings.map((s) => (
        <SettingRow key={`${s.key}:${s.source}:${s.value ?? ''}`} setting={s} />
      ))}
    </Stack>
  );
}
