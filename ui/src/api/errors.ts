// Commands answer with tauri-specta Results; this module turns the error half into one
// thrown type the screens can branch on by `code` and map onto inputs by `field`.

import type { AppError, ErrorCode, Result } from '../bindings';
import { sentence } from '../format/text';

export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly field: string | null;

  /** The message is kept as a sentence whatever produced it (the backend's already are). */
  constructor(code: ErrorCode, message: string, field: string | null = null) {
    super(sentence(message));
    this.name = 'ApiError';
    this.code = code;
    this.field = field;
  }

  get isConflict(): boolean {
    return this.code === 'conflict';
  }
}

// Only the shape is checked: a code these bindings do not know still reaches the user by
// its message.
function isWireError(value: unknown): value is AppError {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as AppError).code === 'string' &&
    typeof (value as AppError).message === 'string'
  );
}

/** Any thrown or returned failure as an ApiError, so the UI never renders "[object Object]". */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (isWireError(error)) return new ApiError(error.code, error.message, error.field ?? null);
  if (error instanceof Error) return new ApiError('internal', error.message);
  if (typeof error === 'string' && error !== '') return new ApiError('internal', error);
  return new ApiError('internal', 'Something went wrong. Please try again.');
}

/** Awaits a command and returns its data, or throws its error as an ApiError. */
export async function unwrap<T>(call: Promise<Result<T, unknown>>): Promise<T> {
  let result: Result<T, unknown>;
  try {
    result = await call;
  } catch (error) {
    throw toApiError(error);
  }
  if (result.status === 'ok') return result.data;
  throw toApiError(result.error);
}

/** Awaits a command that cannot fail by design, still turning a broken IPC into an ApiError. */
export async function attempt<T>(call: Promise<T>): Promise<T> {
  try {
    return await call;
  } catch (error) {
    throw toApiError(error);
  }
}

/** A user-facing sentence for an error caught anywhere in the UI. */
export function errorMessage(error: unknown): string {
  return toApiError(error).message;
}
