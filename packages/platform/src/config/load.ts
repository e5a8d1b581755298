// Owns loading an app's configuration once at start: read each declared variable, coerce it,
// apply defaults, check bounds, collect every problem, and hand back a deeply frozen typed object.
// A misconfigured deployment should learn about all of its mistakes in one restart, not one each.
import type { Static, TObject, TProperties, TSchema } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { envMeta } from './env.js';
import type { EnvMeta } from './env.js';
import { maskUrlCredentials } from './mask-url.js';
import { parseEnvValue } from './parse.js';

export interface ConfigProblem {
  readonly variable: string;
  readonly reason: 'missing' | 'invalid';
  readonly expected: string;
  /** What was seen, quoted; "[redacted]" for secrets so a log line can never leak one. */
  readonly received: string;
}

/** Not retriable: restarting with the same environment fails the same way. */
export class ConfigError extends Error {
  readonly code = 'CONFIG_INVALID';
  readonly retriable = false;
  readonly problems: readonly ConfigProblem[];

  constructor(problems: readonly ConfigProblem[], options?: { cause?: unknown }) {
    super(formatProblems(problems), options);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

export type DeepReadonly<T> = T extends readonly (infer I)[]
  ? readonly DeepReadonly<I>[]
  : T extends object
    ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
    : T;

export type Config<S extends TObject> = DeepReadonly<Static<S>>;

export type EnvSource = Readonly<Record<string, string | undefined>>;

function formatProblems(problems: readonly ConfigProblem[]): string {
  const lines = problems.map((p) =>
    p.reason === 'missing'
      ? `  ${p.variable}: is required but not set; expected ${p.expected}`
      : `  ${p.variable}: expected ${p.expected}, received ${p.received}`,
  );
  const noun = problems.length === 1 ? 'problem' : 'problems';
  return `Invalid configuration (${problems.length} ${noun}):\n${lines.join('\n')}`;
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

function describeReceived(raw: string, meta: EnvMeta): string {
  if (meta.secret) return '[redacted]';
  return JSON.stringify(meta.kind === 'url' ? maskUrlCredentials(raw) : raw);
}

function loadOne(name: string, schema: TSchema, required: boolean, raw: string | undefined) {
  const meta = envMeta(schema);
  if (!meta) {
    // A programming error, not a deployment one: fail loudly and immediately.
    throw new TypeError(`config schema property ${name} was not declared with an env.* helper`);
  }
  // An empty value is treated as unset: `FOO=` in an env file means "not configured".
  if (raw === undefined || raw === '') {
    if (schema.default !== undefined) {
      // A default that breaks its own bounds is a bug in the app, whatever the environment says.
      if (!Value.Check(schema, schema.default)) throw new TypeError(`config default of ${name} is not ${meta.expected}`);
      return { value: Value.Clone(schema.default) };
    }
    if (!required) return { value: undefined };
    return { problem: { variable: name, reason: 'missing', expected: meta.expected, received: 'nothing' } as const };
  }
  const parsed = parseEnvValue(meta, raw);
  if (parsed.ok && Value.Check(schema, parsed.value)) return { value: parsed.value };
  const received = describeReceived(raw, meta);
  return { problem: { variable: name, reason: 'invalid', expected: meta.expected, received } as const };
}

/**
 * Reads every property of `schema` (each property name is an environment variable) from `env`.
 * Throws ConfigError listing all bad or missing variables; returns a deeply frozen object.
 */
export function loadConfig<S extends TObject<TProperties>>(schema: S, env: EnvSource = process.env): Config<S> {
  const required = new Set(schema.required ?? []);
  const problems: ConfigProblem[] = [];
  const config: Record<string, unknown> = {};
  for (const [name, property] of Object.entries(schema.properties)) {
    const result = loadOne(name, property, required.has(name), env[name]);
    if ('problem' in result && result.problem) problems.push(result.problem);
    else if (result.value !== undefined) config[name] = result.value;
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return deepFreeze(config) as Config<S>;
}

/** Exit status for a bad configuration (EX_CONFIG in sysexits.h), distinct from a crash. */
export const CONFIG_EXIT_CODE = 78;

/**
 * For main.ts: loadConfig, but a ConfigError is printed to stderr (the message only: the stack
 * of a configuration mistake helps nobody) and the process exits with CONFIG_EXIT_CODE.
 */
export function loadConfigOrExit<S extends TObject<TProperties>>(schema: S, env: EnvSource = process.env): Config<S> {
  try {
    return loadConfig(schema, env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(CONFIG_EXIT_CODE);
  }
}
