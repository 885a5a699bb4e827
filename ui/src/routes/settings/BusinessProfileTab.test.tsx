import { fireEvent, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { BusinessProfile, LogoPreview } from '../../bindings';
import {
  dataChanged,
  mockBackend,
  renderWithProviders,
  wireError,
  type IpcHandler,
} from '../../test/render';
import { BusinessProfileTab } from './BusinessProfileTab';

const profile: BusinessProfile = {
  name: 'Lovelace Consulting',
  address: null,
  email: 'ada@example.com',
  default_currency: 'EUR',
  default_tax_rate_milli: 20000,
  phone: null,
  tax_number: null,
  payment_details: null,
  has_logo: false,
};

const png: LogoPreview = {
  media_type: 'image/png',
  data_url: 'data:image/png;base64,iVBORw0KGgo=',
};

function backend(handlers: Record<string, IpcHandler> = {}) {
  return mockBackend({
    get_business_profile: () => profile,
    get_business_logo: () => null,
    get_app_context: () => ({ time_zone: 'UTC', time_zone_source: 'system', today: '2025-03-12' }),
    list_currencies: () => [
      { code: 'EUR', name: 'Euro', minor_units: 2 },
      { code: 'USD', name: 'US Dollar', minor_units: 2 },
    ],
    ...handlers,
  });
}

const field = (testId: string) => screen.getByTestId(testId);

/** Types into the currency field and leaves it, as a user tabbing on would. */
async function typeCurrency(text: string) {
  await userEvent.clear(field('profile-currency'));
  await userEvent.type(field('profile-currency'), text);
  await userEvent.tab();
}

describe('BusinessProfileTab', () => {
  it('saves the phone, tax number and payment details with the profile', async () => {
    const calls = backend({
      update_business_profile: (_c, args) => {
        dataChanged('settings');
        return args.profile;
      },
    });
    renderWithProviders(<BusinessProfileTab />);
    await screen.findByTestId('profile-form');
    expect(field('profile-save')).toBeDisabled();
    fireEvent.change(field('profile-phone'), { target: { value: ' +44 20 7946 0000 ' } });
    fireEvent.change(field('profile-tax-number'), { target: { value: 'GB123456789' } });
    fireEvent.change(field('profile-payment-details'), {
      target: { value: 'IBAN GB29 NWBK 6016 1331 9268 19' },
    });
    expect(screen.getByText('Printed on invoices: bank, IBAN or other instructions')).toBeVisible();
    await userEvent.click(field('profile-save'));
    expect(await screen.findByText('Business profile saved.')).toBeInTheDocument();
    expect(calls.find((c) => c.cmd === 'update_business_profile')?.args.profile).toMatchObject({
      phone: '+44 20 7946 0000',
      tax_number: 'GB123456789',
      payment_details: 'IBAN GB29 NWBK 6016 1331 9268 19',
      default_currency: 'EUR',
    });
    expect(field('profile-save')).toBeDisabled();
  });

  it('refuses a typed currency code Quotla does not know, keeping what was typed', async () => {
    const calls = backend();
    renderWithProviders(<BusinessProfileTab />);
    await screen.findByTestId('profile-form');
    await typeCurrency('ZZZ');
    expect(
      screen.getByText('Choose a currency from the list (ZZZ is not a currency Quotla knows).'),
    ).toBeInTheDocument();
    expect(field('profile-currency')).toHaveValue('ZZZ');
    await userEvent.click(field('profile-save'));
    expect(calls.map((c) => c.cmd)).not.toContain('update_business_profile');
  });

  it('takes a known code typed in full, in any case', async () => {
    const calls = backend({ update_business_profile: (_c, args) => args.profile });
    renderWithProviders(<BusinessProfileTab />);
    await screen.findByTestId('profile-form');
    await typeCurrency('usd');
    expect(field('profile-currency')).toHaveValue('USD');
    await userEvent.click(field('profile-save'));
    await waitFor(() =>
      expect(calls.find((c) => c.cmd === 'update_business_profile')?.args.profile).toMatchObject({
        default_currency: 'USD',
      }),
    );
  });

  it('shows the backend refusing the currency on the currency input', async () => {
    backend({
      update_business_profile: () => {
        throw wireError('validation', 'USD is not accepted here', 'default_currency');
      },
    });
    renderWithProviders(<BusinessProfileTab />);
    await screen.findByTestId('profile-form');
    await typeCurrency('USD');
    await userEvent.click(field('profile-save'));
    expect(await screen.findByText('USD is not accepted here')).toBeInTheDocument();
    expect(field('profile-currency')).toHaveAttribute('aria-invalid', 'true');
  });

  it('stores a chosen logo and shows it', async () => {
    let logo: LogoPreview | null = null;
    const calls = backend({
      get_business_logo: () => logo,
      'plugin:dialog|open': () => '/home/ada/logo.png',
      set_business_logo: () => {
        logo = png;
        dataChanged('settings');
        return png;
      },
    });
    renderWithProviders(<BusinessProfileTab />);
    expect(await screen.findByTestId('logo-none')).toHaveTextContent('No logo yet');
    await userEvent.click(field('logo-choose'));
    expect(await screen.findByTestId('logo-preview')).toHaveAttribute('src', png.data_url);
    expect(calls.find((c) => c.cmd === 'set_business_logo')?.args).toEqual({
      path: '/home/ada/logo.png',
    });
  });

  it('says under the logo why a file was refused', async () => {
    backend({
      'plugin:dialog|open': () => '/home/ada/huge.png',
      set_business_logo: () => {
        throw wireError(
          'validation',
          'The logo is too large: at most 1024 KB, and this file has 4096 KB.',
          'logo',
        );
      },
    });
    renderWithProviders(<BusinessProfileTab />);
    await userEvent.click(await screen.findByTestId('logo-choose'));
    expect(await screen.findByTestId('logo-error')).toHaveTextContent(
      'The logo is too large: at most 1024 KB, and this file has 4096 KB.',
    );
    expect(screen.getByTestId('logo-none')).toBeInTheDocument();
  });

  it('removes the logo only once the user confirms', async () => {
    let logo: LogoPreview | null = png;
    const calls = backend({
      get_business_logo: () => logo,
      clear_business_logo: () => {
        logo = null;
        dataChanged('settings');
        return null;
      },
    });
    renderWithProviders(<BusinessProfileTab />);
    await userEvent.click(await screen.findByTestId('logo-remove'));
    await userEvent.click(await screen.findByTestId('confirm-cancel'));
    expect(calls.map((c) => c.cmd)).not.toContain('clear_business_logo');
    expect(screen.getByTestId('logo-preview')).toBeInTheDocument();

    await userEvent.click(screen.getByTestId('logo-remove'));
    await userEvent.click(await screen.findByTestId('confirm-action'));
    expect(await screen.findByTestId('logo-none')).toBeInTheDocument();
    expect(calls.map((c) => c.cmd)).toContain('clear_business_logo');
  });
});
