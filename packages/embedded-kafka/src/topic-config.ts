// Owns the topic configuration catalogue: which config names a topic accepts, their broker
// defaults, validation of CreateTopics / AlterConfigs entries, IncrementalAlterConfigs operations,
// the DescribeConfigs view (value + source), and the translation into the storage layer's
// LogConfig. Unknown names and bad values are refused (INVALID_CONFIG) so a typo in provisioning
// code fails here instead of silently doing nothing in production Kafka.
import type { LogConfig } from './storage/types.js';

export const CONFIG_SOURCE = { DYNAMIC_TOPIC: 1, STATIC_BROKER: 4, DEFAULT: 5 } as const;

interface ConfigDef {
  readonly fallback: string;
  readonly valid: (v: string) => boolean;
}

const isLong = (v: string): boolean => /^-?\d+$/.test(v) && Number.isSafeInteger(Number(v)) || v === '9223372036854775807';
const isNonNegLong = (v: string): boolean => isLong(v) && Number(v) >= 0;
const isRetention = (v: string): boolean => isLong(v) && Number(v) >= -1;
const oneOf = (...xs: string[]) => (v: string): boolean => xs.includes(v);

// Apache Kafka's broker defaults for these topic configs (its "Topic Configs" documentation); CreateTopics may override any of them.
const DEFS: ReadonlyMap<string, ConfigDef> = new Map<string, ConfigDef>([
  ['cleanup.policy', { fallback: 'delete', valid: (v) => ['delete', 'compact', 'compact,delete', 'delete,compact'].includes(v) }],
  ['retention.ms', { fallback: '604800000', valid: isRetention }],
  ['retention.bytes', { fallback: '-1', valid: isRetention }],
  ['delete.retention.ms', { fallback: '86400000', valid: isNonNegLong }],
  ['min.compaction.lag.ms', { fallback: '0', valid: isNonNegLong }],
  ['max.compaction.lag.ms', { fallback: '9223372036854775807', valid: isNonNegLong }],
  ['min.cleanable.dirty.ratio', { fallback: '0.5', valid: (v) => Number(v) >= 0 && Number(v) <= 1 }],
  ['segment.ms', { fallback: '604800000', valid: (v) => isLong(v) && Number(v) >= 1 }],
  ['segment.bytes', { fallback: '1073741824', valid: (v) => isLong(v) && Number(v) >= 14 }],
  ['max.message.bytes', { fallback: '1048588', valid: (v) => isLong(v) && Number(v) >= 0 }],
  ['message.timestamp.type', { fallback: 'CreateTime', valid: oneOf('CreateTime', 'LogAppendTime') }],
  ['compression.type', { fallback: 'producer', valid: oneOf('producer', 'uncompressed', 'gzip', 'snappy', 'lz4', 'zstd') }],
  // Accepted so RF-3 production provisioning runs unchanged; a single node has nothing to enforce.
  ['min.insync.replicas', { fallback: '1', valid: (v) => isLong(v) && Number(v) >= 1 }],
  ['unclean.leader.election.enable', { fallback: 'false', valid: oneOf('true', 'false') }],
]);

export type TopicConfigs = Readonly<Record<string, string>>;

export interface ConfigProblem { name: string; message: string }

/** Checks CreateTopics/AlterConfigs entries; null values mean "use the default" and are dropped. */
export function validateConfigs(entries: ReadonlyArray<{ name: string; value: string | null }>):
  { ok: true; configs: TopicConfigs } | { ok: false; problem: ConfigProblem } {
  const out: Record<string, string> = {};
  for (const e of entries) {
    const def = DEFS.get(e.name);
    if (!def) return { ok: false, problem: { name: e.name, message: `Unknown topic config name: ${e.name}` } };
    if (e.value === null) continue;
    if (!def.valid(e.value)) return { ok: false, problem: { name: e.name, message: `Invalid value ${e.value} for configuration ${e.name}` } };
    out[e.name] = e.value;
  }
  return { ok: true, configs: out };
}

/** IncrementalAlterConfigs operation codes (Kafka's AlterConfigOp.OpType ids). */
export const CONFIG_OP = { SET: 0, DELETE: 1, APPEND: 2, SUBTRACT: 3 } as const;
const OP_NAMES = ['SET', 'DELETE', 'APPEND', 'SUBTRACT'] as const;

// Kafka's LIST-typed topic configs among ours: only these take APPEND / SUBTRACT.
const LIST_CONFIGS: ReadonlySet<string> = new Set(['cleanup.policy']);

export interface ConfigOp { name: string; op: number; value: string | null }

/**
 * Applies IncrementalAlterConfigs operations to a topic's overrides and validates the result.
 * SET replaces, DELETE reverts to the default (a no-op for a name that is not set, as in Kafka),
 * APPEND / SUBTRACT edit a list config starting from its current or default value. The caller has
 * already refused unknown op codes and null values on anything but DELETE (INVALID_REQUEST).
 */
export function applyConfigOps(current: TopicConfigs, ops: readonly ConfigOp[]):
  { ok: true; configs: TopicConfigs } | { ok: false; problem: ConfigProblem } {
  const next: Record<string, string> = { ...current };
  for (const { name, op, value } of ops) {
    if (op === CONFIG_OP.DELETE) {
      delete next[name];
      continue;
    }
    const def = DEFS.get(name);
    if (!def) return { ok: false, problem: { name, message: `Unknown topic config name: ${name}` } };
    if (op === CONFIG_OP.SET) {
      next[name] = value ?? '';
      continue;
    }
    if (!LIST_CONFIGS.has(name)) {
      return { ok: false, problem: { name, message: `Can't ${OP_NAMES[op]} to key ${name} because its type is not LIST.` } };
    }
    const parts = (next[name] ?? def.fallback).split(',').filter((x) => x.length > 0);
    for (const item of (value ?? '').split(',')) {
      if (op === CONFIG_OP.APPEND && !parts.includes(item)) parts.push(item);
      if (op === CONFIG_OP.SUBTRACT && parts.includes(item)) parts.splice(parts.indexOf(item), 1);
    }
    next[name] = parts.join(',');
  }
  return validateConfigs(Object.entries(next).map(([name, v]) => ({ name, value: v })));
}

export interface DescribedConfig { name: string; value: string; source: number; isDefault: boolean }

/** Every known config (or the named ones) with its effective value and where it comes from. */
export function describeTopicConfigs(overrides: TopicConfigs, names: readonly string[] | null): DescribedConfig[] {
  const wanted = names ?? [...DEFS.keys()];
  const out: DescribedConfig[] = [];
  for (const name of wanted) {
    const def = DEFS.get(name);
    if (!def) continue;
    const own = overrides[name];
    out.push(own === undefined
      ? { name, value: def.fallback, source: CONFIG_SOURCE.DEFAULT, isDefault: true }
      : { name, value: own, source: CONFIG_SOURCE.DYNAMIC_TOPIC, isDefault: false });
  }
  return out;
}

function value(overrides: TopicConfigs, name: string): string {
  return overrides[name] ?? DEFS.get(name)?.fallback ?? '';
}

function long(overrides: TopicConfigs, name: string): number {
  const n = Number(value(overrides, name));
  return Number.isSafeInteger(n) ? n : Number.MAX_SAFE_INTEGER;
}

export function isCompacted(overrides: TopicConfigs): boolean {
  return value(overrides, 'cleanup.policy').includes('compact');
}

export function toLogConfig(overrides: TopicConfigs): LogConfig {
  const policy = value(overrides, 'cleanup.policy');
  return {
    cleanupPolicy: policy === 'delete,compact' ? 'compact,delete' : (policy as LogConfig['cleanupPolicy']),
    retentionMs: long(overrides, 'retention.ms'),
    retentionBytes: long(overrides, 'retention.bytes'),
    deleteRetentionMs: long(overrides, 'delete.retention.ms'),
    minCompactionLagMs: long(overrides, 'min.compaction.lag.ms'),
    segmentBytes: long(overrides, 'segment.bytes'),
    segmentMs: long(overrides, 'segment.ms'),
    maxMessageBytes: long(overrides, 'max.message.bytes'),
    timestampType: value(overrides, 'message.timestamp.type') as LogConfig['timestampType'],
  };
}
