// AlterConfigs (key 33, v0–v1) and IncrementalAlterConfigs (key 44, v0): changing topic configs.
// Behaviour follows Kafka's ConfigAdminManager / ConfigurationControlManager, one answer per resource:
// - the same resource twice → INVALID_REQUEST for both; a config name twice → INVALID_REQUEST;
//   a null value (AlterConfigs: any; incremental: anything but DELETE) → INVALID_REQUEST; an unknown
//   operation or resource type → INVALID_REQUEST;
// - topics: AlterConfigs REPLACES the whole set of overrides (names not sent revert to their
//   defaults); the incremental form applies SET / DELETE / APPEND / SUBTRACT (list configs only) to
//   the current overrides. The resulting set is validated first (unknown name or bad value →
//   INVALID_CONFIG), then the topic must exist (UNKNOWN_TOPIC_OR_PARTITION); validate_only stops
//   there. An accepted change is journaled and in effect before the answer (Cluster.setTopicConfigs);
// - the broker resource (type 4, name '' or this node's id): its settings are command-line flags,
//   none is dynamic, so a change is INVALID_REQUEST ("Cannot update these configs dynamically"),
//   like a static broker config in Kafka.
// Success answers error_message null.
import { NODE_ID } from '../cluster.js';
import { ErrorCode } from '../protocol/errors.js';
import { applyConfigOps, CONFIG_OP, validateConfigs, type ConfigOp, type TopicConfigs } from '../topic-config.js';
import { alterConfigs as alterConfigsApi } from '../protocol/apis/alter-configs.js';
import { incrementalAlterConfigs as incrementalApi } from '../protocol/apis/incremental-alter-configs.js';
import type { DecodedRequestOf, ReplyOf } from '../protocol/schema.js';
import type { RequestContext } from './types.js';
import { handlerFor } from './types.js';

/** AlterConfigs' resources are IncrementalAlterConfigs' ones whose every operation is SET. */
type AlterRequest = DecodedRequestOf<typeof incrementalApi>;
type Resource = AlterRequest['resources'][number];
interface Outcome { errorCode: number; errorMessage: string | null }

const TOPIC = 2;
const BROKER = 4;
const OK: Outcome = { errorCode: ErrorCode.NONE, errorMessage: null };
const invalid = (errorMessage: string): Outcome => ({ errorCode: ErrorCode.INVALID_REQUEST, errorMessage });

/** What Kafka refuses before looking at any resource's state; undefined = go on. */
function preprocess(r: Resource, duplicated: boolean, incremental: boolean): Outcome | undefined {
  if (duplicated) return invalid('Each resource must appear at most once.');
  const names = r.configs.map((c) => c.name);
  if (new Set(names).size !== names.length) return invalid('Error due to duplicate config keys');
  const unknownOp = r.configs.find((c) => incremental && !Object.values(CONFIG_OP).includes(c.configOperation as 0));
  if (unknownOp) return invalid(`Unknown operations type ${unknownOp.configOperation}`);
  const nulls = r.configs.filter((c) => c.value === null && !(incremental && c.configOperation === CONFIG_OP.DELETE)).map((c) => c.name);
  if (nulls.length > 0) return invalid(`Null value not supported for : ${nulls.join(', ')}`);
  if (r.resourceType === BROKER) {
    if (r.resourceName !== '' && r.resourceName !== String(NODE_ID)) return invalid(`Unexpected broker id, expected ${NODE_ID} or empty string, but received ${r.resourceName}`);
    return invalid(`Cannot update these configs dynamically: ${names.join(', ')} (the embedded broker's settings are command-line flags)`);
  }
  if (r.resourceType !== TOPIC) return invalid(`Unknown resource type ${r.resourceType}`);
  return undefined;
}

async function alterTopic(ctx: RequestContext, r: Resource, validateOnly: boolean, incremental: boolean): Promise<Outcome> {
  const current: TopicConfigs = ctx.cluster.topic(r.resourceName)?.configs ?? {};
  const checked = incremental
    ? applyConfigOps(current, r.configs.map((c): ConfigOp => ({ name: c.name, op: c.configOperation ?? CONFIG_OP.SET, value: c.value })))
    : validateConfigs(r.configs);
  if (!checked.ok) return { errorCode: ErrorCode.INVALID_CONFIG, errorMessage: checked.problem.message };
  const result = await ctx.cluster.setTopicConfigs(r.resourceName, checked.configs, validateOnly);
  return result.errorCode === ErrorCode.NONE ? OK : result;
}

async function alterAll(ctx: RequestContext, req: AlterRequest, incremental: boolean): Promise<ReplyOf<typeof incrementalApi>> {
  const seen = new Map<string, number>();
  for (const r of req.resources) seen.set(`${r.resourceType}/${r.resourceName}`, (seen.get(`${r.resourceType}/${r.resourceName}`) ?? 0) + 1);
  const responses = [];
  for (const r of req.resources) {
    const refused = preprocess(r, (seen.get(`${r.resourceType}/${r.resourceName}`) ?? 0) > 1, incremental);
    const outcome = refused ?? (await alterTopic(ctx, r, req.validateOnly, incremental));
    responses.push({ ...outcome, resourceType: r.resourceType, resourceName: r.resourceName });
  }
  return { throttleTimeMs: 0, responses };
}

const failAll = (resources: readonly { resourceType: number; resourceName: string }[], errorCode: number) => ({
  throttleTimeMs: 0,
  responses: resources.map((r) => ({ errorCode, errorMessage: 'injected fault', resourceType: r.resourceType, resourceName: r.resourceName })),
});

export const alterConfigs = handlerFor(alterConfigsApi, {
  handle: (ctx, body) => alterAll(ctx, {
    validateOnly: body.validateOnly,
    resources: body.resources.map((r) => ({ ...r, configs: r.configs.map((c) => ({ ...c, configOperation: CONFIG_OP.SET })) })),
  }, false),
  fail: (body, _version, errorCode) => failAll(body.resources, errorCode),
});

export const incrementalAlterConfigs = handlerFor(incrementalApi, {
  handle: (ctx, body) => alterAll(ctx, body, true),
  fail: (body, _version, errorCode) => failAll(body.resources, errorCode),
});
