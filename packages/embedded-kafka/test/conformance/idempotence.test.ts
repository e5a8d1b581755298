// Conformance of idempotent-producer bookkeeping, with raw requests (no client exposes these
// answers): InitProducerId, in-order and duplicate batches, a sequence gap (OUT_OF_ORDER_SEQUENCE_NUMBER),
// an epoch bump by the producer, a batch from the older epoch (fenced), an unknown producer id.
import { expect, it } from 'vitest';
import { encodeBatch } from '../../src/records/batch.js';
import { uid } from '../helpers.js';
import { conformanceTargets, createTopic, onBoth, type Target } from './targets.js';

const targets = conformanceTargets();

type ProduceAnswer = { responses: { partitionResponses: { errorCode: number; baseOffset: number }[] }[] };

async function produce(t: Target, topic: string, producerId: number, producerEpoch: number, baseSequence: number, count: number): Promise<{ errorCode: number; baseOffset: number }> {
  const now = Date.now();
  const records = encodeBatch({
    baseOffset: 0, producerId, producerEpoch, baseSequence,
    records: Array.from({ length: count }, (_, i) => ({ offset: i, timestamp: now, key: null, value: Buffer.from(`s${baseSequence + i}`), headers: [] })),
  });
  const r = (await t.request(0, 7, { transactionalId: null, acks: -1, timeoutMs: 5000, topicData: [{ name: topic, partitionData: [{ index: 0, records }] }] })) as ProduceAnswer;
  const p = r.responses[0]!.partitionResponses[0]!;
  // The offset only means something on success.
  return { errorCode: p.errorCode, baseOffset: p.errorCode === 0 ? p.baseOffset : -1 };
}

it('answers idempotent produce sequences, gaps, epoch bumps and fencing alike', async () => {
  const seen = await onBoth(targets(), async (t) => {
    const topic = uid('conf-idem');
    await createTopic(t, topic, 1);
    const init = async () => (await t.request(22, 1, { transactionalId: null, transactionTimeoutMs: 60_000 })) as { errorCode: number; producerId: number; producerEpoch: number };
    const a = await init();
    const pid = a.producerId;
    const e = a.producerEpoch;
    const steps = {
      first: await produce(t, topic, pid, e, 0, 3),
      second: await produce(t, topic, pid, e, 3, 2),
      retryOfLast: await produce(t, topic, pid, e, 3, 2),
      gap: await produce(t, topic, pid, e, 10, 1),
      next: await produce(t, topic, pid, e, 5, 1),
      bumpedEpochFromZero: await produce(t, topic, pid, e + 1, 0, 1),
      olderEpoch: await produce(t, topic, pid, e, 6, 1),
      bumpedEpochGap: await produce(t, topic, pid, e + 1, 5, 1),
      unknownProducerFromZero: await produce(t, topic, pid + 1_000_000, 0, 0, 1),
      unknownProducerMidStream: await produce(t, topic, pid + 2_000_000, 0, 7, 1),
    };
    const b = await init();
    const offsets = (await t.admin.fetchTopicOffsets(topic))[0]!;
    return {
      init: { errorCode: a.errorCode, epoch: a.producerEpoch, validId: a.producerId >= 0 },
      secondInit: { errorCode: b.errorCode, epoch: b.producerEpoch, newId: b.producerId !== a.producerId },
      steps,
      highWatermark: offsets.high,
    };
  });
  expect(seen.embedded).toEqual(seen.apache);
});
