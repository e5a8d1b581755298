// OffsetFetch (key 9), v1–v4 (v2 nullable topics = "every committed partition of the group" and
// a top-level error_code; v3 throttle; v4 = v3). Delegates to groups/: a partition without a commit
// answers offset -1, metadata "" and error 0 (the client then applies its reset policy). That
// includes a topic or partition the broker does not have: at v1+ Kafka answers from the group
// coordinator, which does not look topics up (only v0, read from ZooKeeper and not advertised
// here, answered UNKNOWN_TOPIC_OR_PARTITION). Offsets of a deleted topic are dropped with it.
import type { OffsetFetchRequest } from '../groups/types.js';
import { offsetFetch as offsetFetchApi } from '../protocol/apis/offset-fetch.js';
import { handlerFor } from './types.js';

export const offsetFetch = handlerFor(offsetFetchApi, {
  handle(ctx, body, version) {
    return ctx.groups.fetchOffsets(body, version);
  },
  fail(req, _version, errorCode) {
    return {
      throttleTimeMs: 0, errorCode,
      topics: (req.topics ?? []).map((t) => ({
        name: t.name,
        partitions: t.partitionIndexes.map((partitionIndex) => ({ partitionIndex, committedOffset: -1, committedLeaderEpoch: -1, metadata: '', errorCode })),
      })),
    };
  },
});
