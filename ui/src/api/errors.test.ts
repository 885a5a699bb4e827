import { describe, expect, it } from 'vitest';
import { ApiError, errorMessage, toApiError, unwrap } from './errors';

describe('unwrap', () => {
  it('returns the data of an ok result', async () => {
    await expect(unwrap(Promise.resolve({ status: 'ok', data: { id: 7 } }))).resolves.toEqual({
      id: 7,
    });
  });

  it('throws the error half as an ApiError with code and field', async () => {
    const call = Promise.resolve({
      status: 'error' as const,
      error: { code: 'validation', message: 'Enter a valid e-mail address', field: 'email' },
    });
    const error = await unwrap(call).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      code: 'validation',
      message: 'Enter a valid e-mail address',
      field: 'email',
    });
  });

  it('recognises a conflict', async () => {
    const error = await unwrap(
      Promise.resolve({
        status: 'error' as const,
        error: { code: 'conflict', message: 'changed elsewhere', field: null },
      }),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).isConflict).toBe(true);
    expect((error as ApiError).field).toBeNull();
  });

  it('turns a rejected invoke into an ApiError', async () => {
    const error = await unwrap(Promise.reject(new Error('command list_clients not found'))).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: 'internal', message: 'Command list_clients not found' });
  });
});

describe('toApiError', () => {
  it('never shows an object dump for odd errors', () => {
    expect(toApiError('plain text').message).toBe('Plain text');
    expect(toApiError(undefined).message).toBe('Something went wrong. Please try again.');
    expect(toApiError({ weird: true }).message).toBe('Something went wrong. Please try again.');
    expect(toApiError({ code: 42, message: 'x' }).code).toBe('internal');
    expect(errorMessage({ code: 'not_found', message: 'Client 9 was not found' })).toBe(
      'Client 9 was not found',
    );
  });

  it('shows every message as a sentence, whatever produced it', () => {
    expect(toApiError(new Error('network down')).message).toBe('Network down');
    expect(errorMessage({ code: 'validation', message: 'name is required', field: 'name' })).toBe(
      'Name is required',
    );
    expect(toApiError({ code: 'io', message: '  élan lost' }).message).toBe('Élan lost');
  });
});
