// What the consumer runner does with one fetched batch of one partition, without kafkajs: decode
// every record (undecodable ones are poison: dead-lettered first, before anything after them
// becomes durable), hand the good ones to the handler in one call, and when that call fails for
// good, find the poison by handing the records over one at a time. It returns the offset to
// commit: everything up to there is either handled durably or durably in dlq.v1.
import type { Result } from '@tessera/contracts/errors';
import type { TopicValue } from '@tessera/contracts/codec';
import type { DeadLetter } from '@tessera/contracts/schemas/dead-letter';
import type { TOPICS, TopicName } from '@tessera/contracts/topics';
import { attempt } from './attempts.js';
import type { AttemptControl, RetryPolicy } from './attempts.js';
import { toDeadLetter } from './dead-letter.js';
import type { RawRecord } from './dead-letter.js';
import type { StreamError } from './errors.js';

/** A decoded value: null (a tombstone) is possible only on topics where it means deletion. */
export type RecordValue<T extends TopicName> = (typeof TOPICS)[T]['tombstones'] extends true ? TopicValue<T> | null : TopicValue<T>;

export interface ConsumedRecord<T extends TopicName> {
  /** Catalogue name (the broker's name is in raw.topic). */
  topic: T;
  partition: number;
  offset: string;
  /** The record key as UTF-8 (ids), null when the record had none. */
  key: string | null;
  /** Decoded and validated by the contract codec. */
  value: RecordValue<T>;
  raw: RawRecord;
}

/** A record of any of the subscribed topics, discriminated by `topic`. */
export type AnyRecord<T extends TopicName> = { [K in T]: ConsumedRecord<K> }[T];

export interface HandlerContext {
  topic: TopicName;
  partition: number;
  /** The offset after this call's last record: what will be committed once the handler resolves. */
  nextOffset: string;
  heartbeat(): Promise<void>;
}

export interface HandlerOutcome<R> {
  /** Records the handler refused (its effect for the others is durable): they go to dlq.v1. */
  rejected?: { record: R; error: StreamError }[];
}

export type Handler<T extends TopicName> = (records: AnyRecord<T>[], ctx: HandlerContext) => Promise<void | HandlerOutcome<AnyRecord<T>>>;

export type Decode = (topic: TopicName, bytes: Buffer | null) => Result<unknown>;

export interface BatchDeps<T extends TopicName> {
  group: string;
  handle: Handler<T>;
  decode: Decode;
  deadLetter(letters: DeadLetter[]): Promise<void>;
  retry: RetryPolicy;
  control: AttemptControl;
  now(): number;
  /** Called after each durable step with the next offset to commit, so a stop can commit progress. */
  progress(nextOffset: string): void;
  onDeadLetter?(record: RawRecord, error: StreamError): void;
}

const next = (offset: string): string => (BigInt(offset) + 1n).toString();

export async function processBatch<T extends TopicName>(topic: T, raws: RawRecord[], deps: BatchDeps<T>): Promise<void> {
  const last = raws.at(-1);
  if (!last) return;
  const good: AnyRecord<T>[] = [];
  const poison: { record: RawRecord; error: StreamError; attempts: number }[] = [];
  for (const raw of raws) {
    const decoded = deps.decode(topic, raw.value);
    if (decoded.ok) {
      const record: ConsumedRecord<T> = {
        topic, partition: raw.partition, offset: raw.offset, raw,
        key: raw.key === null ? null : raw.key.toString('utf8'),
        value: decoded.value as RecordValue<T>,
      };
      good.push(record as AnyRecord<T>);
    } else {
      poison.push({ record: raw, error: decoded.error, attempts: 1 });
    }
  }
  await sendDeadLetters(poison, deps);

  const ctx = (nextOffset: string): HandlerContext => ({ topic, partition: last.partition, nextOffset, heartbeat: deps.control.heartbeat });
  if (good.length > 0) {
    const whole = await attempt(() => deps.handle(good, ctx(next(last.offset))), deps.retry, deps.control);
    if (whole.ok) {
      await sendDeadLetters((whole.value?.rejected ?? []).map((r) => ({ record: r.record.raw, error: r.error, attempts: 1 })), deps);
    } else if (good.length === 1) {
      await sendDeadLetters([{ record: good[0]!.raw, error: whole.error, attempts: whole.attempts }], deps);
    } else {
      // One record at a time: the failing call names the poison, the others' effects land.
      for (const record of good) {
        const one = await attempt(() => deps.handle([record], ctx(next(record.offset))), deps.retry, deps.control);
        const refused = one.ok ? (one.value?.rejected ?? []).map((r) => ({ record: r.record.raw, error: r.error, attempts: one.attempts }))
          : [{ record: record.raw, error: one.error, attempts: one.attempts }];
        await sendDeadLetters(refused, deps);
        deps.progress(next(record.offset));
      }
    }
  }
  deps.progress(next(last.offset));
}

async function sendDeadLetters<T extends TopicName>(items: { record: RawRecord; error: StreamError; attempts: number }[], deps: BatchDeps<T>): Promise<void> {
  if (items.length === 0) return;
  const now = deps.now();
  const letters = items.map((i) => toDeadLetter(i.record, i.error, { group: deps.group, attempts: i.attempts, now }));
  // A DLQ write that fails for good (the dead letter itself invalid) must not drop the record:
  // the result is a thrown error, which stops this partition loudly instead of committing past it.
  const sent = await attempt(() => deps.deadLetter(letters), { ...deps.retry, maxAttempts: Infinity }, deps.control);
  if (!sent.ok) throw new Error(`dead letter write failed: ${sent.error.code}: ${sent.error.message}`, { cause: sent.error.cause });
  for (const i of items) deps.onDeadLetter?.(i.record, i.error);
}
