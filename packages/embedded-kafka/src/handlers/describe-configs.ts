// DescribeConfigs (key 32), v0–v2 (v1 replaces is_default with config_source and adds synonyms;
// v2 = v1). resource_type 2 = topic: EVERY known topic config with its effective value and source
// (1 DYNAMIC_TOPIC_CONFIG for overrides, 5 DEFAULT_CONFIG otherwise), not just overrides —
// librdkafka's AlterConfigs read-modify-write needs the full set. resource_type 4 = broker: the
// broker's own settings as STATIC_BROKER_CONFIG (4), read-only. configuration_keys null or empty
// → all (Kafka's ConfigHelper treats both alike). An illegal topic name is INVALID_TOPIC_EXCEPTION,
// a legal unknown one UNKNOWN_TOPIC_OR_PARTITION, as in Kafka.
import { ErrorCode } from '../protocol/errors.js';
import { NODE_ID, type Cluster } from '../cluster.js';
import { CONFIG_SOURCE, describeTopicConfigs, type DescribedConfig } from '../topic-config.js';
import { topicNameProblem } from '../topic-names.js';
import type { ReplyOf } from '../protocol/schema.js';
import { describeConfigs as describeConfigsApi } from '../protocol/apis/describe-configs.js';
import { handlerFor } from './types.js';

type ConfigEntry = NonNullable<NonNullable<ReplyOf<typeof describeConfigsApi>['results']>[number]['configs']>[number];

const TOPIC = 2;
const BROKER = 4;

function brokerConfigs(cluster: Cluster): DescribedConfig[] {
  const entries: [string, string][] = [
    ['broker.id', String(NODE_ID)],
    ['auto.create.topics.enable', String(cluster.autoCreateTopics)],
    ['num.partitions', String(cluster.defaultPartitions)],
    ['default.replication.factor', '1'],
    ['offsets.topic.replication.factor', '1'],
  ];
  return entries.map(([name, value]) => ({ name, value, source: CONFIG_SOURCE.STATIC_BROKER, isDefault: false }));
}

function entry(c: DescribedConfig, readOnly: boolean, synonyms: boolean): ConfigEntry {
  return {
    name: c.name, value: c.value, readOnly, isDefault: c.isDefault, configSource: c.source, isSensitive: false,
    synonyms: synonyms ? [{ name: c.name, value: c.value, source: c.source }] : [],
  };
}

export const describeConfigs = handlerFor(describeConfigsApi, {
  handle(ctx, req) {
    const synonyms = req.includeSynonyms;
    const results = req.resources.map((r) => {
      const base = { errorCode: ErrorCode.NONE, errorMessage: null, resourceType: r.resourceType, resourceName: r.resourceName };
      const keys = r.configurationKeys === null || r.configurationKeys.length === 0 ? null : r.configurationKeys;
      if (r.resourceType === TOPIC) {
        const nameProblem = topicNameProblem(r.resourceName);
        if (nameProblem) return { ...base, errorCode: ErrorCode.INVALID_TOPIC_EXCEPTION, errorMessage: nameProblem, configs: [] };
        const topic = ctx.cluster.topic(r.resourceName);
        if (!topic) return { ...base, errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, errorMessage: `Topic '${r.resourceName}' does not exist`, configs: [] };
        return { ...base, configs: describeTopicConfigs(topic.configs, keys).map((c) => entry(c, false, synonyms)) };
      }
      if (r.resourceType === BROKER && (r.resourceName === '' || r.resourceName === String(NODE_ID))) {
        const all = brokerConfigs(ctx.cluster);
        const wanted = keys ? all.filter((c) => keys.includes(c.name)) : all;
        return { ...base, configs: wanted.map((c) => entry(c, true, synonyms)) };
      }
      return { ...base, errorCode: ErrorCode.INVALID_REQUEST, errorMessage: `Unsupported resource ${r.resourceType}/${r.resourceName}`, configs: [] };
    });
    return { throttleTimeMs: 0, results };
  },
  fail(req, _version, errorCode) {
    return {
      throttleTimeMs: 0,
      results: req.resources.map((r) => ({ errorCode, errorMessage: 'injected fault', resourceType: r.resourceType, resourceName: r.resourceName, configs: [] })),
    };
  },
});
