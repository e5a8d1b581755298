// The one function users-cdc produces through: an idempotent kafkajs producer, acks=-1, records
// sent in order in one batch per call. It resolves only when Kafka has acknowledged every record,
// which is the moment the caller may acknowledge the replication slot.
//
// One request in flight, always: calls are chained, so a second call's batch goes out only after
// the first one settled. kafkajs 2.2.4 loses data when several send()s of one idempotent producer
// are in flight across a connection loss (a retried batch reuses a sequence number another
// in-flight batch took: an acknowledged record can go missing, another be written twice); the
// streams producer keeps the same rule. Today's callers already await each call; the chain makes
// that an invariant instead of a habit.
import type { Producer } from 'kafkajs';

export interface KafkaRecord {
  readonly topic: string;
  /** Explicit partition (users.v1); absent = kafkajs' default partitioner by key (dlq.v1). */
  readonly partition?: number;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly headers: Readonly<Record<string, string>>;
}

export type Publish = (records: readonly KafkaRecord[]) => Promise<void>;

type TopicMessages = { topic: string; messages: { key: Buffer | null; value: Buffer | null; partition?: number; headers: Record<string, string> }[] }[];

function toTopicMessages(records: readonly KafkaRecord[]): TopicMessages {
  // Consecutive records of one topic form one entry, so order within a topic is kept.
  const topicMessages: TopicMessages = [];
  for (const record of records) {
    const message = {
      key: record.key,
      value: record.value,
      headers: { ...record.headers },
      ...(record.partition === undefined ? {} : { partition: record.partition }),
    };
    const last = topicMessages.at(-1);
    if (last?.topic === record.topic) last.messages.push(message);
    else topicMessages.push({ topic: record.topic, messages: [message] });
  }
  return topicMessages;
}

export function producerPublish(producer: Pick<Producer, 'sendBatch'>): Publish {
  let previous: Promise<unknown> = Promise.resolve();
  return (records) => {
    if (records.length === 0) return Promise.resolve();
    const sent = previous.then(() => producer.sendBatch({ acks: -1, topicMessages: toTopicMessages(records) })).then(() => undefined);
    previous = sent.catch(() => undefined); // a failed call is its caller's; the next one still goes out
    return sent;
  };
}
