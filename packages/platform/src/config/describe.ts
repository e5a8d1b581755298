// Owns the human-facing views of a config schema: the documentation of every variable (for the
// README and `--help`-style output) and a redacted copy of a loaded config for the start-up log.
import type { TObject, TProperties } from '@sinclair/typebox';
import { envMeta } from './env.js';
import type { EnvKind } from './env.js';
import { maskUrlCredentials } from './mask-url.js';

export const REDACTED = '[redacted]';

export interface ConfigVariableDoc {
  readonly name: string;
  readonly kind: EnvKind;
  readonly expected: string;
  readonly required: boolean;
  /** The default as it would be written in the environment; "[redacted]" for secrets. */
  readonly default?: string;
  readonly description?: string;
  readonly secret: boolean;
}

function envString(value: unknown): string {
  return Array.isArray(value) ? value.join(',') : String(value);
}

export function describeConfig<S extends TObject<TProperties>>(schema: S): ConfigVariableDoc[] {
  const required = new Set(schema.required ?? []);
  return Object.entries(schema.properties).map(([name, property]) => {
    const meta = envMeta(property);
    const secret = meta?.secret === true;
    const hasDefault = property.default !== undefined;
    const shown = hasDefault ? envString(property.default) : '';
    return {
      name,
      kind: meta?.kind ?? 'string',
      expected: meta?.expected ?? 'a value',
      required: required.has(name) && !hasDefault,
      ...(hasDefault ? { default: secret ? REDACTED : meta?.kind === 'url' ? maskUrlCredentials(shown) : shown } : {}),
      ...(typeof property.description === 'string' ? { description: property.description } : {}),
      secret,
    };
  });
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** A Markdown table, one row per variable, in declaration order. */
export function formatConfigDocs<S extends TObject<TProperties>>(schema: S): string {
  const rows = describeConfig(schema).map((doc) => {
    const fallback = doc.default !== undefined ? `\`${doc.default}\`` : doc.required ? '(required)' : '(optional)';
    const about = [doc.description, `Expects ${doc.expected}.`].filter(Boolean).join(' ');
    return `| \`${doc.name}\` | ${cell(fallback)} | ${cell(about)} |`;
  });
  return ['| Variable | Default | Description |', '|---|---|---|', ...rows].join('\n');
}

/** A plain copy of a loaded config safe to log: secret values replaced by "[redacted]". */
export function redactConfig<S extends TObject<TProperties>>(schema: S, config: object): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(config)) {
    const meta = schema.properties[name] ? envMeta(schema.properties[name]) : undefined;
    if (meta?.secret) out[name] = REDACTED;
    else if (meta?.kind === 'url' && typeof value === 'string') out[name] = maskUrlCredentials(value);
    else out[name] = value;
  }
  return out;
}
