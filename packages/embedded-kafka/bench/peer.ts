// Owns the shape every benchmarked system implements and the shared measurement loop: produce
// batches of fixed-size records one batch in flight at a time for a bounded duration (recording
// each batch's acknowledged latency), then consume everything back, also bounded.
export interface ProduceResult { records: number; bytes: number; seconds: number; latenciesMs: number[] }
export interface ConsumeResult { records: number; bytes: number; seconds: number }

export interface Peer {
  readonly name: string;
  /** Sends one batch and resolves once the system acknowledged all of it (durably as configured). */
  sendBatch(values: Buffer[]): Promise<void>;
  /** Reads from the start until `records` arrived or `deadlineMs` (epoch) passed. */
  consume(records: number, deadlineMs: number): Promise<{ records: number; bytes: number }>;
  close(): Promise<void>;
}

export interface Workload { recordBytes: number; batchSize: number; produceSeconds: number; consumeTimeoutSeconds: number }

export async function produceFor(peer: Peer, w: Workload): Promise<ProduceResult> {
  const latenciesMs: number[] = [];
  let records = 0;
  const started = performance.now();
  const until = started + w.produceSeconds * 1000;
  for (let seq = 0; performance.now() < until; seq++) {
    const values = Array.from({ length: w.batchSize }, (_, i) => {
      const b = Buffer.alloc(w.recordBytes, 97);
      b.writeUInt32BE(seq, 0);
      b.writeUInt32BE(i, 4);
      return b;
    });
    const t0 = performance.now();
    await peer.sendBatch(values);
    latenciesMs.push(performance.now() - t0);
    records += values.length;
  }
  return { records, bytes: records * w.recordBytes, seconds: (performance.now() - started) / 1000, latenciesMs };
}

export async function consumeAll(peer: Peer, records: number, w: Workload): Promise<ConsumeResult> {
  const started = performance.now();
  const got = await peer.consume(records, Date.now() + w.consumeTimeoutSeconds * 1000);
  return { ...got, seconds: (performance.now() - started) / 1000 };
}

export function percentile(xs: number[], p: number): number {
  if (xs.length === 0) return NaN;
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}
