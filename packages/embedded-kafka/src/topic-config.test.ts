import { describe, expect, it } from 'vitest';
import { CONFIG_SOURCE, describeTopicConfigs, isCompacted, toLogConfig, validateConfigs } from './topic-config.js';
import { topicNameProblem } from './topic-names.js';

describe('validateConfigs', () => {
  it('accepts known names with valid values and drops null values', () => {
    expect(validateConfigs([{ name: 'cleanup.policy', value: 'compact' }, { name: 'retention.ms', value: null }]))
      .toEqual({ ok: true, configs: { 'cleanup.policy': 'compact' } });
  });
  it('refuses unknown names and bad values with the name in the message', () => {
    expect(validateConfigs([{ name: 'retention.msec', value: '1' }])).toMatchObject({ ok: false, problem: { name: 'retention.msec' } });
    expect(validateConfigs([{ name: 'cleanup.policy', value: 'shred' }])).toMatchObject({ ok: false, problem: { name: 'cleanup.policy' } });
    expect(validateConfigs([{ name: 'retention.ms', value: '-2' }])).toMatchObject({ ok: false });
  });
});

describe('describeTopicConfigs', () => {
  it('lists every config with its source; overrides are dynamic, the rest default', () => {
    const all = describeTopicConfigs({ 'retention.ms': '1000' }, null);
    expect(all.find((c) => c.name === 'retention.ms')).toEqual({ name: 'retention.ms', value: '1000', source: CONFIG_SOURCE.DYNAMIC_TOPIC, isDefault: false });
    expect(all.find((c) => c.name === 'cleanup.policy')).toEqual({ name: 'cleanup.policy', value: 'delete', source: CONFIG_SOURCE.DEFAULT, isDefault: true });
    expect(all.length).toBeGreaterThanOrEqual(12);
  });
  it('answers only the named configs, skipping unknown ones', () => {
    expect(describeTopicConfigs({}, ['segment.bytes', 'nope']).map((c) => c.name)).toEqual(['segment.bytes']);
  });
});

describe('toLogConfig', () => {
  it('maps overrides onto the storage config and normalizes the policy order', () => {
    const c = toLogConfig({ 'cleanup.policy': 'delete,compact', 'delete.retention.ms': '0', 'message.timestamp.type': 'LogAppendTime' });
    expect(c).toMatchObject({ cleanupPolicy: 'compact,delete', deleteRetentionMs: 0, retentionMs: 604800000, timestampType: 'LogAppendTime', maxMessageBytes: 1048588 });
    expect(isCompacted({ 'cleanup.policy': 'compact' })).toBe(true);
    expect(isCompacted({})).toBe(false);
  });
});

describe('topicNameProblem', () => {
  it('follows Kafka\'s rule', () => {
    expect(topicNameProblem('interactions.enriched.v1')).toBeNull();
    expect(topicNameProblem('a_b-C.9')).toBeNull();
    for (const bad of ['', '.', '..', 'with space', 'slash/es', 'x'.repeat(250)]) expect(topicNameProblem(bad)).not.toBeNull();
  });
});
