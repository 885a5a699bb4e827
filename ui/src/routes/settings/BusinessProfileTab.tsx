import {
  Alert,
  Button,
  Group,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Textarea,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import { toApiError } from '../../api/errors';
import { useBusinessProfile, useUpdateBusinessProfile } from '../../api/settings';
import type { BusinessProfile } from '../../bindings';
import { CurrencySelect } from '../../components/CurrencySelect';
import { ErrorState, PageSkeleton } from '../../components/States';
import { formatDecimal, parsePercent } from '../../format/decimal';
import { blankToNull, sentence } from '../../format/text';
import { TimeZoneCard } from './TimeZoneCard';

export function BusinessProfileTab() {
  return (
    <Stack gap="lg">
      <ProfileSection />
      <TimeZoneCard />
    </Stack>
  );
}

function ProfileSection() {
  const profile = useBusinessProfile();
  if (profile.isPending) return <PageSkeleton />;
  if (profile.isError)
    return <ErrorState error={profile.error} onRetry={() => void profile.refetch()} />;
  return <ProfileForm profile={profile.data} />;
}

interface Form {
  name: string;
  address: string;
  email: string;
  default_currency: string;
  default_tax_rate: string;
}

type Errors = Partial<Record<keyof Form, string>>;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@.]{2,}$/;

function validate(form: Form): Errors {
  const errors: Errors = {};
  if (form.name.trim() === '') errors.name = 'Your business name is required';
  else if (form.name.trim().length > 200) errors.name = 'At most 200 characters, please';
  if (form.email.trim() !== '' && !EMAIL.test(form.email.trim())) {
    errors.email = 'Enter an e-mail address like name@example.com';
  }
  if (form.address.length > 1000) errors.address = 'At most 1000 characters, please';
  const rate = parsePercent(form.default_tax_rate, 'Tax rate');
  if (!rate.ok) errors.default_tax_rate = rate.error;
  return errors;
}

function ProfileForm({ profile }: { profile: BusinessProfile }) {
  const update = useUpdateBusinessProfile();
  const [form, setForm] = useState<Form>({
    name: profile.name,
    address: profile.address ?? '',
    email: profile.email ?? '',
    default_currency: profile.default_currency,
    default_tax_rate: formatDecimal(profile.default_tax_rate_milli, 3),
  });
  const [errors, setErrors] = useState<Errors>({});
  const [formError, setFormError] = useState<string | null>(null);

  const set = (field: keyof Form, value: string) => {
    setForm((f) => ({ ...f, [field]: value }));
    setErrors((e) => ({ ...e, [field]: undefined }));
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setFormError(null);
    const found = validate(form);
    setErrors(found);
    if (Object.values(found).some(Boolean)) return;
    const rate = parsePercent(form.default_tax_rate);
    try {
      await update.mutateAsync({
        name: form.name.trim(),
        address: blankToNull(form.address),
        email: blankToNull(form.email.trim()),
        default_currency: form.default_currency,
        default_tax_rate_milli: rate.ok ? rate.value : 0,
      });
      notifications.show({ color: 'green', message: 'Business profile saved.' });
    } catch (e) {
      const error = toApiError(e);
      const field = error.field === 'default_tax_rate_milli' ? 'default_tax_rate' : error.field;
      if (field && field in form)
        setErrors((prev) => ({ ...prev, [field]: sentence(error.message) }));
      else setFormError(sentence(error.message));
    }
  };

  return (
    <Paper withBorder p="lg" maw={760}>
      <form onSubmit={submit} noValidate data-testid="profile-form">
        <Stack gap="md">
          <Text fz="sm" c="dimmed">
            Your business as it appears on quotes and invoices, and the defaults for new documents.
          </Text>
          {formError && (
            <Alert color="red" variant="light">
              {formError}
            </Alert>
          )}
          <SimpleGrid cols={2} spacing="md">
            <TextInput
              label="Business name"
              required
              value={form.name}
              onChange={(e) => set('name', e.currentTarget.value)}
              error={errors.name}
              data-testid="profile-name"
            />
            <TextInput
              label="E-mail"
              type="email"
              value={form.email}
              onChange={(e) => set('email', e.currentTarget.value)}
              error={errors.email}
              data-testid="profile-email"
            />
          </SimpleGrid>
          <Textarea
            label="Address"
            autosize
            minRows={3}
            value={form.address}
            onChange={(e) => set('address', e.currentTarget.value)}
            error={errors.address}
            data-testid="profile-address"
          />
          <SimpleGrid cols={2} spacing="md">
            <CurrencySelect
              label="Default currency"
              value={form.default_currency}
              onChange={(v) => set('default_currency', v)}
              error={errors.default_currency}
              testId="profile-currency"
            />
            <TextInput
              label="Default tax rate"
              description="Preselected on new lines"
              className="number-input"
              inputMode="decimal"
              rightSection={
                <Text fz="sm" c="dimmed">
                  %
                </Text>
              }
              value={form.default_tax_rate}
              onChange={(e) => set('default_tax_rate', e.currentTarget.value)}
              error={errors.default_tax_rate}
              data-testid="profile-tax-rate"
            />
          </SimpleGrid>
          <Group justify="flex-end">
            <Button type="submit" loading={update.isPending} data-testid="profile-save">
              Save profile
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
