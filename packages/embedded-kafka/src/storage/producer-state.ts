// Owns: idempotent-producer state of one partition — per producer id the epoch and the last five
// batches (first/last sequence, offsets), the dedup/ordering decision on append, and the JSON
// snapshot form. Rules (KIP-98, as Apache Kafka's broker): old epoch -> INVALID_PRODUCER_EPOCH; new epoch only from
// sequence 0; a cached duplicate answers with its original offset (never DUPLICATE_SEQUENCE_NUMBER:
// kafkajs would give up); a gap -> OUT_OF_ORDER_SEQUENCE_NUMBER; an unknown id is accepted as-is.
import { Codes } from '../records/codes.js';
import type { BatchHeader } from '../records/layout.js';

const INT32_MAX = 2_147_483_647;
/** Kafka keeps this many batches per producer for dedup (max.in.flight ≤ 5 for idempotence). */
const CACHED_BATCHES = 5;

export interface CachedBatch {
  firstSeq: number;
  lastSeq: number;
  baseOffset: number;
  lastOffset: number;
}

export interface ProducerEntry {
  epoch: number;
  batches: CachedBatch[];
}

export type SequenceCheck =
  | { kind: 'append' }
  | { kind: 'duplicate'; baseOffset: number }
  | { kind: 'reject'; errorCode: number; message: string };

/** Sequences wrap from INT32_MAX back to 0. */
export function addSeq(seq: number, n: number): number {
  const s = seq + n;
  return s > INT32_MAX ? s - INT32_MAX - 1 : s;
}

export class ProducerStates {
  private readonly byId = new Map<number, ProducerEntry>();

  check(h: BatchHeader): SequenceCheck {
    if (h.producerId < 0) return { kind: 'append' };
    const cur = this.byId.get(h.producerId);
    if (!cur) return { kind: 'append' };
    if (h.producerEpoch < cur.epoch) {
      return { kind: 'reject', errorCode: Codes.INVALID_PRODUCER_EPOCH, message: `epoch ${h.producerEpoch} < current ${cur.epoch}` };
    }
    if (h.producerEpoch > cur.epoch) {
      if (h.baseSequence === 0) return { kind: 'append' };
      return { kind: 'reject', errorCode: Codes.OUT_OF_ORDER_SEQUENCE_NUMBER, message: `new epoch must start at sequence 0, got ${h.baseSequence}` };
    }
    const lastSeq = addSeq(h.baseSequence, h.lastOffsetDelta);
    const dup = cur.batches.find((b) => b.firstSeq === h.baseSequence && b.lastSeq === lastSeq);
    if (dup) return { kind: 'duplicate', baseOffset: dup.baseOffset };
    const newest = cur.batches[cur.batches.length - 1];
    const expected = newest ? addSeq(newest.lastSeq, 1) : h.baseSequence;
    if (h.baseSequence !== expected) {
      return {
        kind: 'reject',
        errorCode: Codes.OUT_OF_ORDER_SEQUENCE_NUMBER,
        message: `producer ${h.producerId} expected sequence ${expected}, got ${h.baseSequence}`,
      };
    }
    return { kind: 'append' };
  }

  /** Records an appended batch (also used to replay batch headers on recovery). */
  observe(h: BatchHeader, baseOffset: number): void {
    if (h.producerId < 0) return;
    let cur = this.byId.get(h.producerId);
    if (!cur || h.producerEpoch !== cur.epoch) {
      cur = { epoch: h.producerEpoch, batches: [] };
      this.byId.set(h.producerId, cur);
    }
    cur.batches.push({
      firstSeq: h.baseSequence,
      lastSeq: addSeq(h.baseSequence, h.lastOffsetDelta),
      baseOffset,
      lastOffset: baseOffset + h.lastOffsetDelta,
    });
    if (cur.batches.length > CACHED_BATCHES) cur.batches.shift();
  }

  toJSON(): Record<string, ProducerEntry> {
    return Object.fromEntries([...this.byId].map(([id, e]) => [String(id), e]));
  }

  static fromJSON(json: Record<string, ProducerEntry> | undefined): ProducerStates {
    const s = new ProducerStates();
    for (const [id, e] of Object.entries(json ?? {})) s.byId.set(Number(id), { epoch: e.epoch, batches: [...e.batches] });
    return s;
  }
}
