// The one producer every app writes through: idempotent (the broker drops a retried batch it
// already appended), acks=-1 (all in-sync replicas), one request in flight per broker so retries
// cannot reorder a key's records. Values are validated and encoded with the contract's codec and
// keyed with the contract's record key, so no app can publish what consumers would refuse.
// Partitioning is kafkajs' DefaultPartitioner, named explicitly: Java-compatible murmur2 of the
// key, so a key lands on the partition the Java client, librdkafka with
// partitioner=murmur2_random and users-cdc (which computes partitions itself) choose, which a
// compacted topic needs. Naming it also stops kafkajs' "default partitioner changed" warning.
// Small linger: sends issued within `lingerMs` of each other go out together (in requests of at
// most `maxRequestBytes`); every send() resolves only when its records are acknowledged.
// close() flushes what is pending, then disconnects. What waits for acknowledgement is bounded:
// beyond `maxPendingBytes` (queued plus in flight) a send is refused at once with the retriable
// `producer_backlog`, instead of the queue growing while the broker is slow or away (an HTTP app
// answers 503, a consumer retries its batch later).
import { encodeValue } from '@tessera/contracts/codec';
import type { TopicValue } from '@tessera/contracts/codec';
import { recordKey } from '@tessera/contracts/record-key';
import { TOPICS } from '@tessera/contracts/topics';
import type { TopicName } from '@tessera/contracts/topics';
import { Partitioners } from 'kafkajs';
import type { Kafka, Message, Producer } from 'kafkajs';
import { classify, StreamFailure } from './errors.js';
import type { TopicNames } from './topic-names.js';

export type Headers = Record<string, string | Buffer>;

export interface ProducerOptions {
  kafka: Kafka;
  names: TopicNames;
  /** Wait this long for more sends to join a request (default 0: the next tick). */
  lingerMs?: number;
  /** Flush at once when this many records are pending (default 500). */
  maxBatchRecords?: number;
  /**
   * Most bytes of keys, values and headers per Produce request (default 512 KiB). A flush larger
   * than this (one big send(), or many lingering ones) goes out as several requests, one after
   * another: a partition's batch above the topic's max.message.bytes (1 MiB) would be refused whole.
   */
  maxRequestBytes?: number;
  /**
   * Most bytes of records accepted by send() and not yet acknowledged (default 64 MiB). A send that
   * would go beyond is refused with the retriable `producer_backlog` (one send alone is always taken
   * when nothing is pending, whatever its size).
   */
  maxPendingBytes?: number;
}

export const DEFAULT_MAX_PENDING_BYTES = 64 * 1024 * 1024;

export interface StreamProducer {
  connect(): Promise<void>;
  /** Validates, encodes, keys and sends; resolves when acknowledged by all in-sync replicas. */
  send<T extends TopicName>(topic: T, values: readonly TopicValue<T>[], headers?: Headers): Promise<void>;
  /**
   * Null values for the given keys, on topics where a tombstone means something (deletion);
   * `headers` ride on every tombstone (e.g. `tessera-tombstone-reason`).
   */
  tombstone(topic: TopicName, keys: readonly string[], headers?: Headers): Promise<void>;
  /** Flushes pending sends and disconnects; later sends reject with `producer_closed`. */
  close(): Promise<void>;
}

function messageBytes(m: Message): number {
  let n = (m.key?.length ?? 0) + (m.value?.length ?? 0);
  for (const [k, v] of Object.entries(m.headers ?? {})) n += k.length + (typeof v === 'string' ? Buffer.byteLength(v) : (v as Buffer | undefined)?.length ?? 0);
  return n;
}

/** Consecutive runs of at most `maxBytes` (at least one message each), order kept. */
export function splitRequests(entries: readonly { topic: string; message: Message }[], maxBytes: number): { topic: string; messages: Message[] }[][] {
  const requests: { topic: string; messages: Message[] }[][] = [];
  let current: { topic: string; messages: Message[] }[] = [];
  let bytes = 0;
  for (const { topic, message } of entries) {
    const size = messageBytes(message);
    if (current.length > 0 && bytes + size > maxBytes) {
      requests.push(current);
      current = [];
      bytes = 0;
    }
    const last = current.find((t) => t.topic === topic);
    if (last) last.messages.push(message);
    else current.push({ topic, messages: [message] });
    bytes += size;
  }
  if (current.length > 0) requests.push(current);
  return requests;
}

interface Pending {
  topic: string;
  messages: Message[];
  resolve(): void;
  reject(error: unknown): void;
}

export function createProducer(options: ProducerOptions): StreamProducer {
  const { names } = options;
  const lingerMs = options.lingerMs ?? 0;
  const maxBatch = options.maxBatchRecords ?? 500;
  const maxRequestBytes = options.maxRequestBytes ?? 512 * 1024;
  const maxPendingBytes = options.maxPendingBytes ?? DEFAULT_MAX_PENDING_BYTES;
  let pendingBytes = 0;
  const producer: Producer = options.kafka.producer({
    idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false, createPartitioner: Partitioners.DefaultPartitioner,
  });
  let queue: Pending[] = [];
  let queued = 0;
  let timer: NodeJS.Timeout | undefined;
  let inFlight: Promise<void> = Promise.resolve();
  let closed = false;

  function flush(): Promise<void> {
    if (timer) clearTimeout(timer);
    timer = undefined;
    const taken = queue;
    queue = [];
    queued = 0;
    if (taken.length === 0) return inFlight;
    // Chained: one request at a time keeps per-key order across flushes.
    inFlight = inFlight.then(async () => {
      const entries = taken.flatMap((p) => p.messages.map((message) => ({ topic: p.topic, message })));
      try {
        // A failure after the first request leaves a prefix written: the callers' retry may
        // repeat it (at least once, like any producer retry), never reorder it.
        for (const topicMessages of splitRequests(entries, maxRequestBytes)) await producer.sendBatch({ acks: -1, topicMessages });
        for (const p of taken) p.resolve();
      } catch (thrown) {
        const e = classify(thrown);
        const failure = new StreamFailure(e.retriable ? 'kafka_unavailable' : 'kafka_failed', `send failed: ${e.message}`, e.retriable, thrown);
        for (const p of taken) p.reject(failure);
      }
    });
    return inFlight;
  }

  function enqueue(topic: TopicName, messages: Message[]): Promise<void> {
    if (closed) return Promise.reject(new StreamFailure('producer_closed', 'producer is closed', false));
    if (messages.length === 0) return Promise.resolve();
    const bytes = messages.reduce((n, m) => n + messageBytes(m), 0);
    if (pendingBytes > 0 && pendingBytes + bytes > maxPendingBytes) {
      return Promise.reject(new StreamFailure('producer_backlog', `${pendingBytes} bytes already wait for Kafka's acknowledgement (limit ${maxPendingBytes}); retry later`, true));
    }
    pendingBytes += bytes;
    return new Promise<void>((resolve, reject) => {
      const settle = () => { pendingBytes -= bytes; };
      queue.push({ topic: names.physical(topic), messages, resolve: () => { settle(); resolve(); }, reject: (error) => { settle(); reject(error); } });
      queued += messages.length;
      if (queued >= maxBatch) void flush();
      else timer ??= setTimeout(() => void flush(), lingerMs);
    });
  }

  return {
    connect: () => producer.connect(),
    send(topic, values, headers) {
      const messages: Message[] = [];
      for (const value of values) {
        const encoded = encodeValue(topic, value);
        if (!encoded.ok) {
          const where = encoded.error.issues?.map((i) => `${i.path} ${i.message}`).join('; ') ?? encoded.error.message;
          return Promise.reject(new StreamFailure('invalid_value', `${topic}: ${where}`, false, encoded.error));
        }
        messages.push({ key: recordKey(topic, value), value: encoded.value, ...(headers ? { headers } : {}) });
      }
      return enqueue(topic, messages);
    },
    tombstone(topic, keys, headers) {
      if (!TOPICS[topic].tombstones) {
        return Promise.reject(new StreamFailure('invalid_topic', `${topic} does not take tombstones`, false));
      }
      return enqueue(topic, keys.map((k) => ({ key: Buffer.from(k, 'utf8'), value: null, ...(headers ? { headers } : {}) })));
    },
    async close() {
      if (closed) return;
      closed = true;
      await flush();
      await producer.disconnect();
    },
  };
}
