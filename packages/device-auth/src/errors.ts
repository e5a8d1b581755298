// Why a device request was refused before the app looked at its body: a stable code, the HTTP
// status it maps to and whether the same request can succeed later. The body shape
// `{ error: { code, message, retriable } }` is the one every device-facing endpoint answers with.

export const DEVICE_AUTH_ERRORS = {
  missing_token: { status: 401, retriable: false },
  invalid_token: { status: 401, retriable: false },
  token_expired: { status: 401, retriable: false },
  rate_limited: { status: 429, retriable: true },
  auth_unavailable: { status: 503, retriable: true },
} as const;

export type DeviceAuthErrorCode = keyof typeof DEVICE_AUTH_ERRORS;

export interface DeviceAuthError {
  readonly code: DeviceAuthErrorCode;
  readonly status: number;
  readonly retriable: boolean;
  readonly message: string;
  readonly cause?: unknown;
}

export function deviceAuthError(code: DeviceAuthErrorCode, message: string, cause?: unknown): DeviceAuthError {
  const { status, retriable } = DEVICE_AUTH_ERRORS[code];
  return { code, status, retriable, message, ...(cause === undefined ? {} : { cause }) };
}

export interface ErrorBody {
  readonly error: { readonly code: string; readonly message: string; readonly retriable: boolean };
}

export function errorBody(e: Pick<DeviceAuthError, 'code' | 'message' | 'retriable'>): ErrorBody {
  return { error: { code: e.code, message: e.message, retriable: e.retriable } };
}
