// Hot-path validators: one compiled TypeBox checker per event, built on first use (compiling
// generates code, which importing this module should not do). `check` is the fast yes/no;
// `issues` explains a failure in stable codes; `parse` returns a typed value or an error. Before
// the schema, every value's structure is bounded (./untrusted.ts: nesting depth, well-formed text).
import type { Static, TSchema } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import type { TypeCheck } from '@sinclair/typebox/compiler';
import { contractError } from './errors.js';
import type { Result } from './errors.js';
import { EVENTS } from './events.js';
import type { EventDefinition, EventName, EventOf } from './events.js';
import { collectIssues } from './issues.js';
import type { ValidationIssue } from './issues.js';
import { stripUndeclared } from './strip.js';
import { structureIssues } from './untrusted.js';

// Enough to fix a request; more would let a hostile body make us build huge error lists.
export const DEFAULT_ISSUE_LIMIT = 20;

export interface Validator<T> {
  readonly name: string;
  readonly schema: TSchema;
  /** True when the value is within the structural bounds, has the schema's shape and passes the cross-field rules. */
  check(value: unknown): value is T;
  /** Empty when valid; otherwise at most `limit` issues, one per path. */
  issues(value: unknown, limit?: number): ValidationIssue[];
  parse(value: unknown): Result<T>;
  /**
   * A copy without properties the schema does not define (own properties only: `constructor` is
   * not a declared property). Ingress apps store this rather than the request body, so fields a
   * client invents never reach a topic. Safe on any input; validate before or after.
   */
  strip(value: T): T;
}

export function createValidator<S extends TSchema>(name: string, def: EventDefinition<S>): Validator<Static<S>> {
  let compiled: TypeCheck<S> | undefined;
  const checker = (): TypeCheck<S> => (compiled ??= TypeCompiler.Compile(def.schema));
  const ruleIssues = (value: Static<S>): ValidationIssue[] => def.rules.flatMap((rule) => rule(value));

  const validator: Validator<Static<S>> = {
    name,
    schema: def.schema,
    check(value: unknown): value is Static<S> {
      return checker().Check(value) && structureIssues(value).length === 0 && ruleIssues(value).length === 0;
    },
    issues(value: unknown, limit = DEFAULT_ISSUE_LIMIT): ValidationIssue[] {
      const structural = structureIssues(value);
      if (structural.length > 0) return structural;
      const c = checker();
      if (!c.Check(value)) return collectIssues(c.Errors(value), limit);
      return ruleIssues(value).slice(0, limit);
    },
    parse(value: unknown): Result<Static<S>> {
      if (validator.check(value)) return { ok: true, value };
      const issues = validator.issues(value);
      const first = issues[0];
      const summary = first ? `${first.path || '/'}: ${first.message}` : 'invalid';
      return { ok: false, error: contractError('schema_violation', `${name} ${summary}`, { issues }) };
    },
    strip(value: Static<S>): Static<S> {
      return stripUndeclared(def.schema, value) as Static<S>;
    },
  };
  return validator;
}

type Validators = { readonly [N in EventName]: Validator<EventOf<N>> };

function buildValidators(): Validators {
  const entries = Object.entries(EVENTS).map(([name, def]) => [name, createValidator(name, def as unknown as EventDefinition)]);
  return Object.fromEntries(entries) as Validators;
}

/** `validators.Interaction.check(x)`, `validators.Feed.issues(x)`, ... */
export const validators: Validators = buildValidators();
