// Owns turning one raw environment string into a typed value according to its kind. Pure and
// total: it never throws, it answers "not parseable" and lets the loader phrase the problem, so
// every bad variable is collected rather than only the first.
import type { EnvMeta } from './env.js';

export type Parsed = { readonly ok: true; readonly value: unknown } | { readonly ok: false };

const NO: Parsed = { ok: false };
const yes = (value: unknown): Parsed => ({ ok: true, value });

const TRUE = new Set(['true', '1', 'yes', 'on']);
const FALSE = new Set(['false', '0', 'no', 'off']);
const UNIT_MS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 };

function integer(text: string): Parsed {
  if (!/^[+-]?\d+$/.test(text)) return NO;
  const n = Number(text);
  return Number.isSafeInteger(n) ? yes(n) : NO;
}

function duration(text: string): Parsed {
  const match = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h)?$/i.exec(text);
  if (!match) return NO;
  const ms = Number(match[1]) * (UNIT_MS[(match[2] ?? 'ms').toLowerCase()] ?? 1);
  // Sub-millisecond leftovers ("1.0005s") are rounded rather than rejected: timers cannot use them.
  return Number.isFinite(ms) ? yes(Math.round(ms)) : NO;
}

function url(text: string, protocols: readonly string[] | undefined): Parsed {
  let parsed: URL;
  try {
    parsed = new URL(text);
  } catch {
    return NO;
  }
  if (protocols && !protocols.includes(parsed.protocol)) return NO;
  return yes(text);
}

export function parseEnvValue(meta: EnvMeta, raw: string): Parsed {
  // Secrets are taken byte for byte; for everything else stray blanks from .env files are noise.
  const text = meta.kind === 'secret' ? raw : raw.trim();
  switch (meta.kind) {
    case 'string':
    case 'secret':
      return yes(text);
    case 'url':
      return url(text, meta.protocols);
    case 'port':
    case 'int':
      return integer(text);
    case 'duration':
      return duration(text);
    case 'boolean': {
      const lower = text.toLowerCase();
      if (TRUE.has(lower)) return yes(true);
      if (FALSE.has(lower)) return yes(false);
      return NO;
    }
    case 'enum':
      return meta.values?.includes(text) ? yes(text) : NO;
    case 'list':
      return yes(
        text
          .split(',')
          .map((item) => item.trim())
          .filter((item) => item.length > 0),
      );
  }
}
