// Kafka side of the aggregator's integration tests, on @tessera/streams/testing (the embedded broker
// in process over TCP, kafkajs through streams' createKafka with a silent logger, random ids,
// bounded polls): content.v1 provisioned under a random prefix, its appended count, and a reader
// of content.v1 (the kit's collect) that decodes it with the contract's codec (tombstone = null value).
// Tests wait for behaviour with bounded polls; they never assert timings.
import { decodeValue } from '@tessera/contracts/codec';
import { appendedCount as appendedTo, collect, provision } from '@tessera/streams/testing';
import type { TopicNames } from '@tessera/streams/topic-names';
import type { Kafka } from 'kafkajs';
import type { ContentItem } from '../src/content-contract.js';

export { eventually, startTestBroker, testKafka, uid } from '@tessera/streams/testing';

export function provisionContent(kafka: Kafka, names: TopicNames): Promise<void> {
  return provision(kafka, names, ['content.v1']);
}

/** Sum of content.v1's end offsets: how many records were ever appended. */
export function appendedCount(kafka: Kafka, names: TopicNames): Promise<number> {
  return appendedTo(kafka, names.physical('content.v1'));
}

export interface ContentRecordRead {
  readonly key: string;
  readonly value: ContentItem | null;
  readonly partition: number;
}

export interface ContentReader {
  readonly records: ContentRecordRead[];
  /** Waits until everything appended so far has been read, then returns what was read. */
  caughtUp(): Promise<ContentRecordRead[]>;
  live(): ContentItem[];
  stop(): Promise<void>;
}

export async function readContent(kafka: Kafka, names: TopicNames): Promise<ContentReader> {
  const reader = await collect(kafka, names.physical('content.v1'));
  // Decoded anew on each read: an undecodable record fails the test that reads it.
  const read = (): ContentRecordRead[] => reader.messages.map((m) => {
    const decoded = decodeValue('content.v1', m.value);
    if (!decoded.ok) throw new Error(`undecodable content.v1 record: ${decoded.error.message}`);
    return { key: m.key?.toString('utf8') ?? '', value: decoded.value, partition: m.partition };
  });
  return {
    get records() { return read(); },
    async caughtUp() {
      const expected = await appendedCount(kafka, names);
      await reader.waitFor((messages) => messages.length >= expected, `${expected} records`);
      return read();
    },
    live: () => {
      const table = new Map<string, ContentItem | null>();
      for (const r of read()) table.set(r.key, r.value);
      return [...table.values()].filter((v): v is ContentItem => v !== null);
    },
    stop: () => reader.stop(),
  };
}
