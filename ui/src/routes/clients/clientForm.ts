import type { Client, ClientInput } from '../../bindings';
import { blankToNull } from '../../format/text';

// What the client form checks before asking the backend, which checks everything again:
// catching the obvious here keeps the message next to the input without a round trip.

export interface ClientForm {
  name: string;
  company: string;
  email: string;
  phone: string;
  tax_number: string;
  address: string;
  notes: string;
}

export type ClientFormErrors = Partial<Record<keyof ClientForm, string>>;

const LIMITS: Record<keyof ClientForm, number> = {
  name: 200,
  company: 200,
  email: 254,
  phone: 50,
  tax_number: 50,
  address: 1000,
  notes: 5000,
};

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@.]{2,}$/;

export function validateClientForm(form: ClientForm): ClientFormErrors {
  const errors: ClientFormErrors = {};
  if (form.name.trim() === '') errors.name = 'Name is required';
  const email = form.email.trim();
  if (email !== '' && !EMAIL.test(email))
    errors.email = 'Enter an e-mail address like name@example.com';
  for (const field of Object.keys(LIMITS) as (keyof ClientForm)[]) {
    if (!errors[field] && form[field].trim().length > LIMITS[field]) {
      errors[field] = `At most ${LIMITS[field]} characters, please`;
    }
  }
  return errors;
}

/** The form for `client`, or an empty one for a new client. */
export function fromClient(client?: Client): ClientForm {
  return {
    name: client?.name ?? '',
    company: client?.company ?? '',
    email: client?.email ?? '',
    phone: client?.phone ?? '',
    tax_number: client?.tax_number ?? '',
    address: client?.address ?? '',
    notes: client?.notes ?? '',
  };
}

/** The form as the backend takes it: trimmed, blank fields absent. */
export function toInput(form: ClientForm): ClientInput {
  return {
    name: form.name.trim(),
    company: blankToNull(form.company),
    email: blankToNull(form.email.trim()),
    phone: blankToNull(form.phone),
    tax_number: blankToNull(form.tax_number.trim()),
    address: blankToNull(form.address),
    notes: blankToNull(form.notes),
  };
}

/**
 * Whether saving could make a twin of another client: always for a new one, and for an
 * edited one only when its name or e-mail changed (a twin from before is not news).
 */
export function needsDuplicateCheck(form: ClientForm, client?: Client): boolean {
  if (!client) return true;
  const input = toInput(form);
  return input.name !== client.name || input.email !== client.email;
}
