// Conformance of topic administration: CreateTopics error codes (existing topic, invalid configs,
// partitions, names, validate-only) and DescribeConfigs of the topic configs Tessera sets
// (packages/contracts/src/topic-config.ts) plus the defaults a compacted topic relies on.
import { expect, it } from 'vitest';
import { uid } from '../helpers.js';
import { conformanceTargets, createTopic, eventually, onBoth, type Target } from './targets.js';

const targets = conformanceTargets();

type CreateAnswer = { topics: { name: string; errorCode: number; errorMessage: string | null }[] };
type DescribeAnswer = { results: { errorCode: number; configs: { name: string; value: string | null; readOnly: boolean; configSource: number; isSensitive: boolean }[] }[] };

async function create(t: Target, name: string, options: { partitions?: number; rf?: number; configs?: [string, string | null][]; validateOnly?: boolean } = {}): Promise<number> {
  const r = (await t.request(19, 4, {
    topics: [{ name, numPartitions: options.partitions ?? 1, replicationFactor: options.rf ?? -1, assignments: [], configs: (options.configs ?? []).map(([n, value]) => ({ name: n, value })) }],
    timeoutMs: 10_000,
    validateOnly: options.validateOnly ?? false,
  })) as CreateAnswer;
  return r.topics[0]!.errorCode;
}

it('answers CreateTopics errors alike', async () => {
  const seen = await onBoth(targets(), async (t) => {
    const name = uid('conf-create');
    const first = await create(t, name);
    await eventually(async () => ((await t.admin.fetchTopicMetadata({ topics: [name] })).topics[0]?.partitions[0]?.leader ?? -1) >= 0 || undefined, `leader of ${name}`);
    const validateOnlyName = uid('conf-validate');
    const validateOnly = await create(t, validateOnlyName, { validateOnly: true, partitions: 2 });
    return {
      first,
      existing: await create(t, name),
      existingValidateOnly: await create(t, name, { validateOnly: true }),
      validateOnly,
      validateOnlyCreatedIt: (await t.admin.listTopics()).includes(validateOnlyName),
      badPolicy: await create(t, uid('conf-bad'), { configs: [['cleanup.policy', 'bogus']] }),
      badRetention: await create(t, uid('conf-bad'), { configs: [['retention.ms', 'soon']] }),
      unknownConfig: await create(t, uid('conf-bad'), { configs: [['no.such.config', '1']] }),
      nullConfigValue: await create(t, uid('conf-bad'), { configs: [['retention.ms', null]] }),
      zeroPartitions: await create(t, uid('conf-bad'), { partitions: 0 }),
      zeroReplicas: await create(t, uid('conf-bad'), { rf: 0 }),
      badName: await create(t, 'conf/bad name'),
      dotName: await create(t, '.'),
      longName: await create(t, 'x'.repeat(250)),
    };
  });
  expect(seen.embedded).toEqual(seen.apache);
});

// Known difference (README, "Differences from Apache Kafka"): RF 3 on one node is accepted by the
// embedded broker (one copy kept) unless it runs with strictReplication.
it('refuses RF above the node count on Apache Kafka, and the embedded broker stores one copy', async () => {
  const seen = await onBoth(targets(), (t) => create(t, uid('conf-rf'), { rf: 3 }));
  expect(seen).toEqual({ embedded: 0, apache: 38 /* INVALID_REPLICATION_FACTOR */ });
});

const TESSERA_CONFIGS = ['cleanup.policy', 'retention.ms', 'delete.retention.ms', 'max.message.bytes', 'min.insync.replicas'];
const COMPACTION_DEFAULTS = ['min.compaction.lag.ms', 'min.cleanable.dirty.ratio', 'segment.ms', 'retention.bytes', 'message.timestamp.type'];

// Known difference: min.insync.replicas not set on the topic comes, on Apache Kafka 4.x in KRaft
// mode, from the cluster-level default the controller stores (source DYNAMIC_DEFAULT_BROKER_CONFIG,
// kafkajs isDefault false); the embedded broker has no broker-level config store and answers
// DEFAULT_CONFIG. The value is the same. Every other field of every entry must be equal.
const BROKER_LEVEL = 'broker-level default';

it('describes the topic configs Tessera sets, and their defaults, alike', async () => {
  const seen = await onBoth(targets(), async (t) => {
    const minInsyncSources = new Set<unknown>();
    const brokerLevel = <T extends { name: string; source: number }>(c: T, raw: unknown): T | (Omit<T, 'source'> & { source: string }) => {
      if (c.name !== 'min.insync.replicas' || c.source === 1) return c;
      minInsyncSources.add(raw);
      return { ...c, source: BROKER_LEVEL };
    };
    const events = uid('conf-events');
    const table = uid('conf-table');
    await createTopic(t, events, 1, [
      { name: 'cleanup.policy', value: 'delete' }, { name: 'retention.ms', value: '604800000' },
      { name: 'max.message.bytes', value: '1048576' }, { name: 'min.insync.replicas', value: '1' },
    ]);
    await createTopic(t, table, 1, [
      { name: 'cleanup.policy', value: 'compact' }, { name: 'delete.retention.ms', value: '86400000' },
      { name: 'max.message.bytes', value: '1048576' },
    ]);
    const describe = async (version: number) => {
      const r = (await t.request(32, version, {
        resources: [events, table, uid('conf-missing')].map((resourceName) => ({ resourceType: 2, resourceName, configurationKeys: [...TESSERA_CONFIGS, ...COMPACTION_DEFAULTS] })),
        includeSynonyms: false,
      })) as DescribeAnswer;
      return r.results.map((res) => ({
        errorCode: res.errorCode,
        configs: res.configs.map((c) => brokerLevel({ name: c.name, value: c.value, readOnly: c.readOnly, source: c.configSource, isSensitive: c.isSensitive }, c.configSource))
          .sort((a, b) => a.name.localeCompare(b.name)),
      }));
    };
    const viaKafkajs = await t.admin.describeConfigs({ includeSynonyms: false, resources: [{ type: 2, name: table, configNames: TESSERA_CONFIGS }] });
    return {
      v1: await describe(1),
      v2: await describe(2),
      kafkajs: viaKafkajs.resources.map((r) => r.configEntries
        .map((c) => {
          const entry = brokerLevel({ name: c.configName, value: c.configValue, isDefault: c.isDefault as boolean | string, source: c.configSource }, `${c.configSource}/isDefault:${c.isDefault}`);
          return entry.source === BROKER_LEVEL ? { ...entry, isDefault: BROKER_LEVEL } : entry;
        })
        .sort((a, b) => a.name.localeCompare(b.name))),
      minInsyncSources: [...minInsyncSources],
    };
  });
  expect(seen.embedded.minInsyncSources).toEqual([5, '5/isDefault:true']);
  expect(seen.apache.minInsyncSources).toEqual([3, '3/isDefault:false']);
  expect({ ...seen.embedded, minInsyncSources: [] }).toEqual({ ...seen.apache, minInsyncSources: [] });
});
