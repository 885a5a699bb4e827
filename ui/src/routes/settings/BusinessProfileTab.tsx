import {
  Alert,
  Button,
  Center,
  Group,
  Image,
  Paper,
  SimpleGrid,
  Skeleton,
  Stack,
  Text,
  TextInput,
  Textarea,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPhoto } from '@tabler/icons-react';
import { open } from '@tauri-apps/plugin-dialog';
import { useState, type FormEvent } from 'react';
import { useBusinessLogo, useClearBusinessLogo, useSetBusinessLogo } from '../../api/businessLogo';
import { errorMessage, toApiError } from '../../api/errors';
import { useBusinessProfile, useUpdateBusinessProfile } from '../../api/settings';
import type { BusinessProfile } from '../../bindings';
import { confirmAction } from '../../components/confirm';
import { CurrencySelect } from '../../components/CurrencySelect';
import { unknownCurrencyMessage } from '../../components/unknownCurrency';
import { ErrorState, PageSkeleton } from '../../components/States';
import { formatDecimal, parsePercent } from '../../format/decimal';
import { blankToNull } from '../../format/text';
import { TimeZoneCard } from './TimeZoneCard';

export function BusinessProfileTab() {
  return (
    <Stack gap="lg">
      <ProfileSection />
      <LogoCard />
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
  email: string;
  phone: string;
  tax_number: string;
  address: string;
  payment_details: string;
  default_currency: string;
  default_tax_rate: string;
}

type Errors = Partial<Record<keyof Form, string>>;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@.]{2,}$/;

// The backend's limits, checked here so the message sits next to the input.
const LIMITS: Partial<Record<keyof Form, number>> = {
  name: 200,
  phone: 50,
  tax_number: 50,
  address: 1000,
  payment_details: 1000,
};

function toForm(profile: BusinessProfile): Form {
  return {
    name: profile.name,
    email: profile.email ?? '',
    phone: profile.phone ?? '',
    tax_number: profile.tax_number ?? '',
    address: profile.address ?? '',
    payment_details: profile.payment_details ?? '',
    default_currency: profile.default_currency,
    default_tax_rate: formatDecimal(profile.default_tax_rate_milli, 3),
  };
}

function validate(form: Form, unknownCurrency: string | null): Errors {
  const errors: Errors = {};
  if (form.name.trim() === '') errors.name = 'Your business name is required';
  if (form.email.trim() !== '' && !EMAIL.test(form.email.trim())) {
    errors.email = 'Enter an e-mail address like name@example.com';
  }
  for (const [field, limit] of Object.entries(LIMITS) as [keyof Form, number][]) {
    if (!errors[field] && form[field].trim().length > limit) {
      errors[field] = `At most ${limit} characters, please`;
    }
  }
  if (unknownCurrency !== null) errors.default_currency = unknownCurrencyMessage(unknownCurrency);
  const rate = parsePercent(form.default_tax_rate, 'Tax rate');
  if (!rate.ok) errors.default_tax_rate = rate.error;
  return errors;
}

const sameForm = (a: Form, b: Form) =>
  (Object.keys(a) as (keyof Form)[]).every((field) => a[field] === b[field]);

function ProfileForm({ profile }: { profile: BusinessProfile }) {
  const update = useUpdateBusinessProfile();
  const [stored, setStored] = useState(() => toForm(profile));
  const [form, setForm] = useState(stored);
  const [errors, setErrors] = useState<Errors>({});
  const [formError, setFormError] = useState<string | null>(null);
  // Text left in the currency field that names no currency; the profile cannot be saved with it.
  const [unknownCurrency, setUnknownCurrency] = useState<string | null>(null);
  const dirty = !sameForm(form, stored) || unknownCurrency !== null;

  const set = (field: keyof Form, value: string) => {
    setForm((f) => ({ ...f, [field]: value }));
    setErrors((e) => ({ ...e, [field]: undefined }));
  };

  const currencyTyped = (typed: string | null) => {
    setUnknownCurrency(typed);
    setErrors((e) => ({
      ...e,
      default_currency: typed === null ? undefined : unknownCurrencyMessage(typed),
    }));
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setFormError(null);
    const found = validate(form, unknownCurrency);
    setErrors(found);
    if (Object.values(found).some(Boolean)) return;
    const rate = parsePercent(form.default_tax_rate);
    try {
      const saved = await update.mutateAsync({
        name: form.name.trim(),
        address: blankToNull(form.address),
        email: blankToNull(form.email.trim()),
        phone: blankToNull(form.phone.trim()),
        tax_number: blankToNull(form.tax_number.trim()),
        payment_details: blankToNull(form.payment_details),
        default_currency: form.default_currency,
        default_tax_rate_milli: rate.ok ? rate.value : 0,
      });
      setStored(toForm(saved));
      setForm(toForm(saved));
      notifications.show({ color: 'green', message: 'Business profile saved.' });
    } catch (e) {
      const error = toApiError(e);
      const field = error.field === 'default_tax_rate_milli' ? 'default_tax_rate' : error.field;
      if (field && field in form) setErrors((prev) => ({ ...prev, [field]: error.message }));
      else setFormError(error.message);
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
            <Alert color="red" variant="light" data-testid="profile-form-error">
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
            <TextInput
              label="Phone"
              type="tel"
              value={form.phone}
              onChange={(e) => set('phone', e.currentTarget.value)}
              error={errors.phone}
              data-testid="profile-phone"
            />
            <TextInput
              label="VAT / tax number"
              description="Printed on quotes and invoices"
              value={form.tax_number}
              onChange={(e) => set('tax_number', e.currentTarget.value)}
              error={errors.tax_number}
              data-testid="profile-tax-number"
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
          <Textarea
            label="Payment details"
            description="Printed on invoices: bank, IBAN or other instructions"
            autosize
            minRows={3}
            value={form.payment_details}
            onChange={(e) => set('payment_details', e.currentTarget.value)}
            error={errors.payment_details}
            data-testid="profile-payment-details"
          />
          <SimpleGrid cols={2} spacing="md">
            <CurrencySelect
              label="Default currency"
              value={form.default_currency}
              onChange={(v) => set('default_currency', v)}
              onUnknown={currencyTyped}
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
            <Button
              type="submit"
              loading={update.isPending}
              disabled={!dirty}
              data-testid="profile-save"
            >
              Save profile
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

const LOGO_FILTERS = [{ name: 'Images', extensions: ['png', 'jpg', 'jpeg', 'svg'] }];

/** The logo is stored as soon as it is chosen: it is a file, not part of the form above. */
function LogoCard() {
  const logo = useBusinessLogo();
  const setLogo = useSetBusinessLogo();
  const clearLogo = useClearBusinessLogo();
  const [error, setError] = useState<string | null>(null);
  const busy = setLogo.isPending || clearLogo.isPending;

  const choose = async () => {
    setError(null);
    let picked: string | string[] | null;
    try {
      picked = await open({
        title: 'Choose your logo',
        multiple: false,
        directory: false,
        filters: LOGO_FILTERS,
      });
    } catch (e) {
      setError(errorMessage(e));
      return;
    }
    if (typeof picked !== 'string') return;
    try {
      await setLogo.mutateAsync(picked);
      notifications.show({ color: 'green', message: 'Logo saved.' });
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  const remove = async () => {
    setError(null);
    const confirmed = await confirmAction({
      title: 'Remove your logo?',
      message:
        'Quotes and invoices you print or export from now on show no logo. You can choose one again at any time.',
      confirmLabel: 'Remove logo',
      danger: true,
    });
    if (!confirmed) return;
    try {
      await clearLogo.mutateAsync();
      notifications.show({ color: 'green', message: 'Logo removed.' });
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  return (
    <Paper withBorder p="lg" maw={760} data-testid="logo-card">
      <Stack gap="md">
        <div>
          <Title order={5}>Logo</Title>
          <Text fz="sm" c="dimmed">
            Printed at the top of your quotes and invoices. A PNG, JPEG or SVG image of at most 1
            MB; it is saved as soon as you choose it.
          </Text>
        </div>
        {logo.isError ? (
          <ErrorState
            error={logo.error}
            title="Your logo could not be loaded"
            onRetry={() => void logo.refetch()}
          />
        ) : (
          <Group align="center" gap="lg">
            <Paper withBorder w={200} h={100} p="xs" radius="md" bg="gray.0">
              {logo.isPending ? (
                <Skeleton h="100%" data-testid="logo-loading" />
              ) : logo.data ? (
                <Image
                  src={logo.data.data_url}
                  alt="Your logo"
                  h="100%"
                  fit="contain"
                  data-testid="logo-preview"
                />
              ) : (
                <Center h="100%">
                  <Stack gap={4} align="center">
                    <IconPhoto size={22} color="var(--mantine-color-dimmed)" />
                    <Text fz="xs" c="dimmed" data-testid="logo-none">
                      No logo yet
                    </Text>
                  </Stack>
                </Center>
              )}
            </Paper>
            <Group gap="sm">
              <Button
                onClick={choose}
                loading={setLogo.isPending}
                disabled={busy || logo.isPending}
                data-testid="logo-choose"
              >
                Choose logo…
              </Button>
              {logo.data && (
                <Button
                  variant="subtle"
                  color="red"
                  onClick={remove}
                  loading={clearLogo.isPending}
                  disabled={busy}
                  data-testid="logo-remove"
                >
                  Remove logo
                </Button>
              )}
            </Group>
          </Group>
        )}
        {error && (
          <Text fz="sm" c="red" role="alert" data-testid="logo-error">
            {error}
          </Text>
        )}
      </Stack>
    </Paper>
  );
}
