// Owns the vocabulary an app uses to declare its environment variables: one TypeBox schema per
// variable kind (string, url, port, int, duration, boolean, enum, list, secret). Each schema carries
// an `x-env` annotation (pure data) telling the loader how to turn the raw string into a value and
// how to describe the expectation to a human; TypeBox keeps the static type and the bounds.
import { Type } from '@sinclair/typebox';
import type { TArray, TBoolean, TInteger, TLiteral, TSchema, TString, TUnion } from '@sinclair/typebox';

export type EnvKind = 'string' | 'url' | 'port' | 'int' | 'duration' | 'boolean' | 'enum' | 'list' | 'secret';

export interface EnvMeta {
  readonly kind: EnvKind;
  /** Human phrasing of what a valid value looks like, used in errors and in the docs table. */
  readonly expected: string;
  readonly secret?: boolean;
  readonly values?: readonly string[];
  readonly protocols?: readonly string[];
}

export const ENV_META = 'x-env';

interface Common<T> {
  readonly default?: T;
  readonly description?: string;
}

export function envMeta(schema: TSchema): EnvMeta | undefined {
  return (schema as Record<string, unknown>)[ENV_META] as EnvMeta | undefined;
}

function annotate(common: Common<unknown>, meta: EnvMeta): Record<string, unknown> {
  const options: Record<string, unknown> = { [ENV_META]: meta };
  if (common.default !== undefined) options.default = common.default;
  if (common.description !== undefined) options.description = common.description;
  return options;
}

function range(min: number | undefined, max: number | undefined, unit = ''): string {
  if (min !== undefined && max !== undefined) return ` between ${min}${unit} and ${max}${unit}`;
  if (min !== undefined) return ` of at least ${min}${unit}`;
  if (max !== undefined) return ` of at most ${max}${unit}`;
  return '';
}

function bounds(min: number | undefined, max: number | undefined): Record<string, number> {
  const out: Record<string, number> = {};
  if (min !== undefined) out.minimum = min;
  if (max !== undefined) out.maximum = max;
  return out;
}

function string(opts: Common<string> & { minLength?: number } = {}): TString {
  const min = opts.minLength;
  const expected = min ? `a string of at least ${min} characters` : 'a string';
  return Type.String({ ...annotate(opts, { kind: 'string', expected }), ...(min ? { minLength: min } : {}) });
}

/** Never echoed: errors, docs and redactConfig show "[redacted]" instead of the value. */
function secret(opts: Omit<Common<string>, 'default'> & { minLength?: number; default?: string } = {}): TString {
  const min = opts.minLength ?? 1;
  const expected = `a secret of at least ${min} characters`;
  return Type.String({ ...annotate(opts, { kind: 'secret', expected, secret: true }), minLength: min });
}

function url(opts: Common<string> & { protocols?: readonly string[] } = {}): TString {
  const protocols = opts.protocols?.map((p) => (p.endsWith(':') ? p : `${p}:`));
  const expected = protocols ? `a URL with scheme ${protocols.join(' or ')}` : 'an absolute URL';
  return Type.String(annotate(opts, { kind: 'url', expected, ...(protocols ? { protocols } : {}) }));
}

/** 0 is allowed on purpose: "any free port" is what tests and the local stack ask for. */
function port(opts: Common<number> = {}): TInteger {
  const expected = 'a TCP port (integer between 0 and 65535)';
  return Type.Integer({ ...annotate(opts, { kind: 'port', expected }), minimum: 0, maximum: 65535 });
}

function int(opts: Common<number> & { min?: number; max?: number } = {}): TInteger {
  const expected = `an integer${range(opts.min, opts.max)}`;
  return Type.Integer({ ...annotate(opts, { kind: 'int', expected }), ...bounds(opts.min, opts.max) });
}

/** Milliseconds in the typed config; the variable accepts "250", "250ms", "5s", "2m" or "1h". */
function duration(opts: Common<number> & { min?: number; max?: number } = {}): TInteger {
  const expected = `a duration (e.g. 250ms, 5s, 2m, 1h; bare numbers are ms)${range(opts.min, opts.max, 'ms')}`;
  return Type.Integer({ ...annotate(opts, { kind: 'duration', expected }), ...bounds(opts.min ?? 0, opts.max) });
}

function boolean(opts: Common<boolean> = {}): TBoolean {
  return Type.Boolean(annotate(opts, { kind: 'boolean', expected: 'true or false (also 1/0, yes/no, on/off)' }));
}

function oneOf<const V extends readonly [string, ...string[]]>(
  values: V,
  opts: Common<V[number]> = {},
): TUnion<TLiteral<V[number]>[]> {
  const meta: EnvMeta = { kind: 'enum', expected: `one of ${values.join(', ')}`, values };
  return Type.Union(
    values.map((v) => Type.Literal(v)),
    annotate(opts, meta),
  ) as unknown as TUnion<TLiteral<V[number]>[]>;
}

/** Comma-separated; blanks around items are trimmed and empty items dropped ("a, b,,c" -> [a,b,c]). */
function list(opts: Common<readonly string[]> & { minItems?: number } = {}): TArray<TString> {
  const min = opts.minItems ?? 0;
  const expected = min ? `a comma-separated list of at least ${min} item${min === 1 ? '' : 's'}` : 'a comma-separated list';
  const options = annotate({ ...opts, default: opts.default ? [...opts.default] : undefined }, { kind: 'list', expected });
  return Type.Array(Type.String(), { ...options, ...(min ? { minItems: min } : {}) });
}

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** LOG_LEVEL is in every app's schema; one definition keeps the accepted names identical. */
function logLevel(opts: Common<(typeof LOG_LEVELS)[number]> = {}) {
  return oneOf(LOG_LEVELS, { default: 'info', description: 'pino log level', ...opts });
}

export const env = { string, secret, url, port, int, duration, boolean, oneOf, list, logLevel };
