// The topic catalogue: every Kafka topic of the system, defined once. Names, keys, value schemas,
// cleanup, retention, sizing per environment, the apps producing each and the consumer groups
// reading each, and for every group the app that runs it and where its effect lands (its sink).
// Provisioning (packages/streams) derives CreateTopics requests from this via topic-config.ts.
// Producers and groups are what the code does, not a plan: test/catalogue-vs-code.test.ts reads
// every app's source and fails when an app produces a topic or uses a group this does not list,
// or when this lists one no app has.
import type { EventName } from './events.js';

export type Environment = 'local' | 'production';

/** What the record key holds (UTF-8 string bytes). */
export type KeyKind = 'userId' | 'contentId' | 'modelName' | 'originalKey';

export type CleanupPolicy = 'compact' | 'delete';

export interface TopicDefinition {
  readonly name: string;
  readonly key: KeyKind;
  readonly value: EventName;
  /** A null value is meaningful (takedown, deletion) rather than a bug. */
  readonly tombstones: boolean;
  readonly cleanup: CleanupPolicy;
  /** retention.ms for delete topics; null = kept until compacted away. */
  readonly retentionMs: number | null;
  readonly partitions: Readonly<Record<Environment, number>>;
  /** Apps (folder names under apps/) that produce the topic. */
  readonly producers: readonly string[];
  /** Consumer groups reading the topic (names as in CONSUMER_GROUPS). */
  readonly consumerGroups: readonly string[];
  readonly description: string;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

// Every userId-keyed topic has the same partition count, so one user's beacons, interactions,
// profile and feeds sit on the same partition number everywhere: a consumer that is assigned
// partition p of several topics sees all of a user's streams. Changing the count re-maps keys,
// so 96 leaves headroom (interactions at 250M users peak around 0.5M events/s, ~5k/s/partition).
const PER_USER = { local: 3, production: 96 } as const;

export const TOPICS = {
  'content.v1': {
    name: 'content.v1', key: 'contentId', value: 'ContentItem', tombstones: true,
    cleanup: 'compact', retentionMs: null, partitions: { local: 3, production: 12 },
    producers: ['aggregator'],
    // "delivery" reads takedowns; every delivery node needs all of them (its sockets may show the
    // item), so each node uses its own group id derived from this name, not one shared group.
    consumerGroups: ['aggregator-content', 'recommender-content', 'delivery', 'archiver'],
    description: 'Latest revision of every content item; null value = takedown',
  },
  'users.v1': {
    name: 'users.v1', key: 'userId', value: 'UserProfile', tombstones: true,
    cleanup: 'compact', retentionMs: null, partitions: PER_USER,
    producers: ['users-cdc'],
    consumerGroups: ['users-table', 'users-cdc-resume', 'archiver', 'warehouse-erasure'],
    description: 'Latest profile of every user; null value = account deleted',
  },
  'beacons.v1': {
    name: 'beacons.v1', key: 'userId', value: 'Beacon', tombstones: false,
    cleanup: 'delete', retentionMs: 7 * DAY_MS, partitions: PER_USER,
    producers: ['beacon'],
    consumerGroups: ['beacon-enricher', 'archiver'],
    description: 'Device heartbeats as received',
  },
  'beacons.enriched.v1': {
    name: 'beacons.enriched.v1', key: 'userId', value: 'EnrichedBeacon', tombstones: false,
    cleanup: 'delete', retentionMs: 7 * DAY_MS, partitions: PER_USER,
    producers: ['beacon'],
    consumerGroups: ['recommender', 'archiver'],
    description: 'Heartbeats joined with user attributes',
  },
  'interactions.v1': {
    name: 'interactions.v1', key: 'userId', value: 'Interaction', tombstones: false,
    cleanup: 'delete', retentionMs: 7 * DAY_MS, partitions: PER_USER,
    producers: ['clicks-tracker'],
    consumerGroups: ['interactions-enricher', 'archiver'],
    description: 'Impressions, clicks, watches, scrolls, likes, shares, dismissals as received',
  },
  'interactions.enriched.v1': {
    name: 'interactions.enriched.v1', key: 'userId', value: 'EnrichedInteraction', tombstones: false,
    cleanup: 'delete', retentionMs: 7 * DAY_MS, partitions: PER_USER,
    producers: ['clicks-tracker'],
    consumerGroups: ['recommender', 'archiver'],
    description: 'Interactions joined with user attributes',
  },
  'recommendations.v2': {
    name: 'recommendations.v2', key: 'userId', value: 'Feed', tombstones: false,
    cleanup: 'delete', retentionMs: 1 * DAY_MS, partitions: PER_USER,
    producers: ['recommender'],
    consumerGroups: ['delivery', 'archiver'],
    description: 'Ranked feeds per user, with model version and reasons',
  },
  'models.v1': {
    name: 'models.v1', key: 'modelName', value: 'ModelRelease', tombstones: false,
    cleanup: 'compact', retentionMs: null, partitions: { local: 1, production: 1 },
    producers: ['trainer'],
    // Every recommender process loads every release, so each uses its own group id derived from
    // "recommender-models" and commits nothing (the compacted topic is read from the start).
    consumerGroups: ['recommender-models', 'archiver'],
    description: 'Latest release of every model',
  },
  'dlq.v1': {
    name: 'dlq.v1', key: 'originalKey', value: 'DeadLetter', tombstones: false,
    cleanup: 'delete', retentionMs: 30 * DAY_MS, partitions: { local: 1, production: 12 },
    // Every app that consumes (a record it cannot process) and users-cdc (a row it cannot publish).
    producers: ['archiver', 'beacon', 'clicks-tracker', 'delivery', 'recommender', 'users-cdc', 'users-table', 'warehouse'],
    consumerGroups: ['archiver'],
    description: 'Records a consumer could not process, with the reason and the original bytes',
  },
} as const satisfies Record<string, TopicDefinition>;

export type TopicName = keyof typeof TOPICS;
export type TopicValueName<T extends TopicName> = (typeof TOPICS)[T]['value'];

export const TOPIC_NAMES = Object.keys(TOPICS) as TopicName[];

/** Consumer group names of the architecture's fan-out, as used in group ids. */
export type ConsumerGroupName = (typeof TOPICS)[TopicName]['consumerGroups'][number];

export interface ConsumerGroupDefinition {
  /** The app (folder under apps/) whose code joins the group. */
  readonly app: string;
  /**
   * 'shared': the processes of the app share the group (partitions are spread); 'per-instance':
   * each process derives its own group id from this name (every process reads every record).
   */
  readonly instances: 'shared' | 'per-instance';
  /** Where the group's effect lands, for the lineage view. */
  readonly sink: string;
}

/** Every consumer group the apps use: who runs it and where its effect lands. */
export const CONSUMER_GROUPS = {
  'aggregator-content': { app: 'aggregator', instances: 'per-instance', sink: 'the aggregator\'s in-memory index of published items (dedup, takedowns)' },
  'users-table': { app: 'users-table', instances: 'shared', sink: 'Redis users table (u:{id}:profile); deletes every key of a deleted user' },
  'users-cdc-resume': { app: 'users-cdc', instances: 'per-instance', sink: 'users-cdc\'s resume point (read once at start)' },
  'beacon-enricher': { app: 'beacon', instances: 'shared', sink: 'beacons.enriched.v1 and the active-user registry in Redis' },
  'interactions-enricher': { app: 'clicks-tracker', instances: 'shared', sink: 'interactions.enriched.v1' },
  'recommender': { app: 'recommender', instances: 'shared', sink: 'Redis windows, user state and feeds; recommendations.v2' },
  'recommender-content': { app: 'recommender', instances: 'shared', sink: 'Redis content table and fresh-item indexes' },
  'recommender-models': { app: 'recommender', instances: 'per-instance', sink: 'the process\'s loaded ranking model' },
  'delivery': { app: 'delivery', instances: 'shared', sink: 'WebSocket pushes to devices (takedowns: one group per node)' },
  'archiver': { app: 'archiver', instances: 'shared', sink: 'the archive (GCS; locally a directory), which the warehouse and the trainer read' },
  'warehouse-erasure': { app: 'warehouse', instances: 'shared', sink: 'erasure log; the user\'s records out of the archive objects and the warehouse tables' },
} as const satisfies Record<ConsumerGroupName, ConsumerGroupDefinition>;

export function isTopicName(name: string): name is TopicName {
  return Object.hasOwn(TOPICS, name);
}

/** Replication factor: local runs have one broker; production survives one broker loss with acks=-1. */
export const REPLICATION_FACTOR: Readonly<Record<Environment, number>> = { local: 1, production: 3 };

/** min.insync.replicas paired with the replication factor (acks=-1 needs 2 of 3 in production). */
export const MIN_INSYNC_REPLICAS: Readonly<Record<Environment, number>> = { local: 1, production: 2 };
