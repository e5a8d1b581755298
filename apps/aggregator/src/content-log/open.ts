// Opens content.v1 for the aggregator: an idempotent streams producer (acks=-1) and the table
// materialized from the topic, caught up before this resolves. What main, the integration tests
// and the bench hand to buildAggregator as `sink` and `known`.
import { createProducer } from '@tessera/streams/producer';
import type { StreamProducer } from '@tessera/streams/producer';
import type { TopicNames } from '@tessera/streams/topic-names';
import type { Kafka } from 'kafkajs';
import type { KnownContent } from '../content-sink.js';
import { materializeContent } from './materialize.js';
import type { MaterializeOptions } from './materialize.js';
import { createContentLogSink } from './sink.js';
import type { ContentLogSink } from './sink.js';

export interface ContentLog {
  readonly sink: ContentLogSink;
  readonly known: KnownContent;
  /** Records read while catching up, and how many of them were skipped as unreadable. */
  readonly replayed: { readonly records: number; readonly skipped: number };
  /** Flushes pending sends and disconnects the producer. */
  close(): Promise<void>;
}

export interface OpenOptions extends MaterializeOptions {
  readonly kafka: Kafka;
  readonly names: TopicNames;
  /** Producer linger: publishes of concurrent polls within it share one request. */
  readonly lingerMs?: number;
}

export async function openContentLog(options: OpenOptions): Promise<ContentLog> {
  const producer: StreamProducer = createProducer({ kafka: options.kafka, names: options.names, lingerMs: options.lingerMs ?? 2 });
  await producer.connect();
  try {
    const { table, records, skipped } = await materializeContent(options);
    const sink = createContentLogSink({
      send: (items) => producer.send('content.v1', items),
      tombstone: (contentIds) => producer.tombstone('content.v1', contentIds),
      table,
    });
    return { sink, known: table, replayed: { records, skipped }, close: () => producer.close() };
  } catch (error) {
    await producer.close();
    throw error;
  }
}
