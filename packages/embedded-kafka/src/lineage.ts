// Owns the stream-lineage view: producers → topics → consumer groups → sinks, with what moved in
// the last minute and each group's lag, and topics nobody consumes flagged. Producers are the
// client ids that appended (from the Produce request header), groups the ones that committed
// offsets (a commit moving forward counts as consumed records). Optional annotations (the
// launcher passes the topic catalogue's) name each group's app and sink and the groups each topic
// is expected to have, so a missing reader shows; the broker itself knows no catalogue.
import type { Cluster } from './cluster.js';
import type { CommittedOffset, CommittedOffsets } from './groups/offsets.js';

const WINDOW_MS = 60_000;
const BUCKET_MS = 5_000;

/** Counts in 5 s buckets; `lastMinute` sums the buckets of the last 60 s. */
class WindowCounter {
  total = 0;
  private readonly buckets = new Map<number, number>();

  add(n: number, now: number): void {
    this.total += n;
    const bucket = Math.floor(now / BUCKET_MS);
    this.buckets.set(bucket, (this.buckets.get(bucket) ?? 0) + n);
    for (const b of this.buckets.keys()) if (b <= bucket - WINDOW_MS / BUCKET_MS) this.buckets.delete(b);
  }

  lastMinute(now: number): number {
    const from = Math.floor(now / BUCKET_MS) - WINDOW_MS / BUCKET_MS;
    let sum = 0;
    for (const [b, n] of this.buckets) if (b > from) sum += n;
    return sum;
  }
}

export interface GroupAnnotation { readonly app?: string; readonly sink?: string; readonly instances?: 'shared' | 'per-instance' }
export interface LineageAnnotations {
  /** Expected consumer groups per topic (names as in `groups`). */
  readonly topics?: Readonly<Record<string, { readonly consumerGroups: readonly string[] }>>;
  readonly groups?: Readonly<Record<string, GroupAnnotation>>;
}

/** Records what the lineage view reads: appends per (client, topic), commits per (group, topic). */
export class FlowTracker {
  private readonly produced = new Map<string, Map<string, WindowCounter>>();
  private readonly consumed = new Map<string, Map<string, WindowCounter>>();

  constructor(private readonly now: () => number = Date.now) {}

  appended(clientId: string | null, topic: string, records: number): void {
    counter(this.produced, topic, clientId ?? '(no client id)').add(records, this.now());
  }

  committed(group: string, topic: string, advancedBy: number): void {
    if (advancedBy > 0) counter(this.consumed, topic, group).add(advancedBy, this.now());
  }

  producersOf(topic: string): { clientId: string; records: number; lastMinute: number }[] {
    const now = this.now();
    return [...(this.produced.get(topic) ?? new Map<string, WindowCounter>())]
      .map(([clientId, c]) => ({ clientId, records: c.total, lastMinute: c.lastMinute(now) }))
      .sort((a, b) => a.clientId.localeCompare(b.clientId));
  }

  consumedLastMinute(topic: string, group: string): number {
    return this.consumed.get(topic)?.get(group)?.lastMinute(this.now()) ?? 0;
  }
}

function counter(map: Map<string, Map<string, WindowCounter>>, topic: string, who: string): WindowCounter {
  let byWho = map.get(topic);
  if (!byWho) map.set(topic, (byWho = new Map()));
  let c = byWho.get(who);
  if (!c) byWho.set(who, (c = new WindowCounter()));
  return c;
}

/** The committed-offsets store with every forward move reported to the tracker. */
export function trackCommits(offsets: CommittedOffsets, flows: FlowTracker): CommittedOffsets {
  return {
    get: (group, topic, partition) => offsets.get(group, topic, partition),
    set(group: string, topic: string, partition: number, value: CommittedOffset) {
      const before = offsets.get(group, topic, partition)?.offset;
      if (before !== undefined) flows.committed(group, topic, value.offset - before);
      return offsets.set(group, topic, partition, value);
    },
    delete: (group) => offsets.delete(group),
    deleteTopic: (topic) => offsets.deleteTopic(topic),
    list: (group) => offsets.list(group),
    groups: () => offsets.groups(),
  };
}

export interface LineageConsumer { groupId: string; catalogueGroup: string | null; app: string | null; sink: string | null; state: string; members: number; lag: number; consumedLastMinute: number }
export interface LineageTopic {
  name: string;
  records: number;
  appendedLastMinute: number;
  producers: { clientId: string; records: number; lastMinute: number }[];
  consumers: LineageConsumer[];
  /** No consumer group has committed a position on it. */
  unconsumed: boolean;
  /** Groups the annotations expect on this topic that have committed nothing here. */
  missingGroups: string[];
}
export interface LineageView { windowSeconds: number; topics: LineageTopic[] }

/** The annotation a group id belongs to: the same name, or that name plus a `.`/`-` suffix (per-instance groups, test prefixes aside). */
export function catalogueGroupOf(groupId: string, annotations: LineageAnnotations): string | null {
  const names = Object.keys(annotations.groups ?? {}).sort((a, b) => b.length - a.length);
  return names.find((n) => groupId === n || groupId.startsWith(`${n}.`) || groupId.startsWith(`${n}-`)) ?? null;
}

export function lineageView(
  cluster: Cluster, offsets: CommittedOffsets, groups: { groupId: string; state: string; members: string[] }[],
  flows: FlowTracker, annotations: LineageAnnotations = {},
): LineageView {
  const live = new Map(groups.map((g) => [g.groupId, g]));
  const consumers = new Map<string, LineageConsumer[]>();
  for (const groupId of offsets.groups()) {
    const lag = new Map<string, number>();
    for (const o of offsets.list(groupId)) {
      const hwm = cluster.log(o.topic, o.partition)?.highWatermark ?? o.offset;
      lag.set(o.topic, (lag.get(o.topic) ?? 0) + Math.max(0, hwm - o.offset));
    }
    const catalogueGroup = catalogueGroupOf(groupId, annotations);
    const note = catalogueGroup ? annotations.groups?.[catalogueGroup] : undefined;
    for (const [topic, topicLag] of lag) {
      const group = live.get(groupId);
      consumers.set(topic, [...(consumers.get(topic) ?? []), {
        groupId, catalogueGroup, app: note?.app ?? null, sink: note?.sink ?? null,
        state: group?.state ?? 'Empty', members: group?.members.length ?? 0, lag: topicLag,
        consumedLastMinute: flows.consumedLastMinute(topic, groupId),
      }]);
    }
  }
  return {
    windowSeconds: WINDOW_MS / 1000,
    topics: cluster.topics().map((t) => {
      const readers = (consumers.get(t.name) ?? []).sort((a, b) => a.groupId.localeCompare(b.groupId));
      const producers = flows.producersOf(t.name);
      const seen = new Set(readers.map((r) => r.catalogueGroup));
      const expected = annotations.topics?.[t.name]?.consumerGroups ?? [];
      return {
        name: t.name,
        records: t.logs.reduce((n, log) => n + log.highWatermark - log.logStartOffset, 0),
        appendedLastMinute: producers.reduce((n, p) => n + p.lastMinute, 0),
        producers,
        consumers: readers,
        unconsumed: readers.length === 0,
        // Per-instance groups may commit nothing (they reread from the start): not reported missing.
        missingGroups: expected.filter((g) => !seen.has(g) && annotations.groups?.[g]?.instances !== 'per-instance'),
      };
    }).sort((a, b) => a.name.localeCompare(b.name)),
  };
}
