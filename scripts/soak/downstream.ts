// Where the soak looks for what it sent: the enriched topics and content.v1 (read by a consumer of
// its own from the beginning, for the whole run) and the archive the archiver wrote (read after
// the stop, when the archiver has flushed its open files). Both count every occurrence of an
// eventId (or contentId) the soak sent, so a loss and a duplicate are both visible.
import { createReadStream } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import { Kafka, logLevel } from 'kafkajs';

export const BEACONS = 'beacons.enriched.v1';
export const INTERACTIONS = 'interactions.enriched.v1';
export const CONTENT = 'content.v1';
export const CHECKED_TOPICS = [BEACONS, INTERACTIONS, CONTENT] as const;
export type CheckedTopic = (typeof CHECKED_TOPICS)[number];

/** Occurrences per id, per topic. */
export type Counts = Record<CheckedTopic, Map<string, number>>;

export function emptyCounts(): Counts {
  return { [BEACONS]: new Map(), [INTERACTIONS]: new Map(), [CONTENT]: new Map() };
}

/** The id a record of the topic is counted by: eventId, or the contentId (key) of a published item. */
function idOf(topic: CheckedTopic, key: string | undefined, value: unknown): string | undefined {
  if (topic === CONTENT) return value === null ? undefined : key;
  return (value as { eventId?: string } | null)?.eventId;
}

function count(counts: Counts, topic: CheckedTopic, id: string | undefined): void {
  if (id === undefined) return;
  const map = counts[topic];
  map.set(id, (map.get(id) ?? 0) + 1);
}

export interface TopicCounter {
  readonly counts: Counts;
  stop(): Promise<void>;
}

export async function countTopics(broker: string): Promise<TopicCounter> {
  const kafka = new Kafka({ brokers: [broker], clientId: 'soak', logLevel: logLevel.NOTHING });
  const consumer = kafka.consumer({ groupId: `soak-${process.pid}-${Date.now()}` });
  const counts = emptyCounts();
  await consumer.connect();
  await consumer.subscribe({ topics: [...CHECKED_TOPICS], fromBeginning: true });
  await consumer.run({
    autoCommit: false,
    eachMessage: async ({ topic, message }) => {
      const value = message.value === null ? null : JSON.parse(message.value.toString('utf8')) as unknown;
      count(counts, topic as CheckedTopic, idOf(topic as CheckedTopic, message.key?.toString('utf8'), value));
    },
  });
  return { counts, stop: () => consumer.disconnect() };
}

/** Reads every archived object of the checked topics (gzip NDJSON lines with key and value). */
export async function countArchive(archiveDir: string): Promise<Counts> {
  const counts = emptyCounts();
  for (const topic of CHECKED_TOPICS) {
    const dir = join(archiveDir, topic);
    const files = (await readdir(dir, { recursive: true }).catch(() => [] as string[])).map(String).filter((f) => f.endsWith('.ndjson.gz'));
    for (const file of files) {
      const lines = createInterface({ input: createReadStream(join(dir, file)).pipe(createGunzip()), crlfDelay: Infinity });
      for await (const text of lines) {
        if (!text) continue;
        const line = JSON.parse(text) as { key?: string | null; value?: unknown };
        count(counts, topic, idOf(topic, line.key ?? undefined, line.value ?? null));
      }
    }
  }
  return counts;
}

export interface Mismatch {
  readonly missing: number;
  readonly duplicated: number;
  readonly examples: readonly string[];
}

/** Ids expected once that occur zero or several times; ids the soak did not send are ignored. */
export function compare(expected: ReadonlySet<string>, seen: ReadonlyMap<string, number>): Mismatch {
  let missing = 0;
  let duplicated = 0;
  const examples: string[] = [];
  for (const id of expected) {
    const n = seen.get(id) ?? 0;
    if (n === 1) continue;
    if (n === 0) missing += 1;
    else duplicated += 1;
    if (examples.length < 5) examples.push(`${id}×${n}`);
  }
  return { missing, duplicated, examples };
}
