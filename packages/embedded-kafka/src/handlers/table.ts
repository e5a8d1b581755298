// Owns the mapping from API key to handler module: the one place the server looks up who answers a
// request. Every advertised API (protocol/registry.ts) must appear here; table.test.ts checks it.
import { alterConfigs, incrementalAlterConfigs } from './alter-configs.js';
import { apiVersions } from './api-versions.js';
import { createPartitions } from './create-partitions.js';
import { createTopics } from './create-topics.js';
import { deleteGroups } from './delete-groups.js';
import { deleteRecords } from './delete-records.js';
import { deleteTopics } from './delete-topics.js';
import { describeConfigs } from './describe-configs.js';
import { describeGroups } from './describe-groups.js';
import { fetch } from './fetch.js';
import { findCoordinator } from './find-coordinator.js';
import { heartbeat } from './heartbeat.js';
import { initProducerId } from './init-producer-id.js';
import { joinGroup } from './join-group.js';
import { leaveGroup } from './leave-group.js';
import { listGroups } from './list-groups.js';
import { listOffsets } from './list-offsets.js';
import { metadata } from './metadata.js';
import { offsetCommit } from './offset-commit.js';
import { offsetFetch } from './offset-fetch.js';
import { produce } from './produce.js';
import { syncGroup } from './sync-group.js';
import type { Handler } from './types.js';

export const HANDLERS: ReadonlyMap<number, Handler> = new Map([
  produce, fetch, listOffsets, metadata, offsetCommit, offsetFetch, findCoordinator, joinGroup,
  heartbeat, leaveGroup, syncGroup, describeGroups, listGroups, apiVersions, createTopics,
  deleteTopics, deleteRecords, initProducerId, describeConfigs, alterConfigs, createPartitions, deleteGroups,
  incrementalAlterConfigs,
].map((h) => [h.apiKey, h]));
