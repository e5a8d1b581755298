// Errors this package returns as data. Retry logic reads `retriable`; none of these are, because
// a record that is malformed now stays malformed on every retry.
import type { ValidationIssue } from './issues.js';

export type ContractErrorCode =
  | 'schema_violation'
  | 'invalid_json'
  | 'unexpected_tombstone'
  | 'invalid_key_part';

export interface ContractError {
  code: ContractErrorCode;
  retriable: false;
  message: string;
  /** Present for schema_violation: what is wrong, where. */
  issues?: ValidationIssue[];
  cause?: unknown;
}

export function contractError(
  code: ContractErrorCode,
  message: string,
  extra: { issues?: ValidationIssue[]; cause?: unknown } = {},
): ContractError {
  return { code, retriable: false, message, ...extra };
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: ContractError };
