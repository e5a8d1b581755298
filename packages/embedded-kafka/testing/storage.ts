// Owns: fixtures shared by the storage tests — produce-shaped batches and the two store modes
// (memory, real temp directory) so every behaviour test runs against both.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { encodeBatch } from '../src/records/batch.js';
import type { Rec } from '../src/records/record.js';
import { diskMedium } from '../src/storage/disk-medium.js';
import { memoryMedium } from '../src/storage/memory-medium.js';
import { openStoreOn } from '../src/storage/store.js';
import type { OpenedStore } from '../src/storage/store.js';
import { DEFAULT_LOG_CONFIG } from '../src/storage/types.js';
import type { LogConfig } from '../src/storage/types.js';

export interface ProduceSpec {
  records: { key?: string | null; value?: string | null; timestamp?: number }[];
  producerId?: number;
  producerEpoch?: number;
  baseSequence?: number;
  compression?: 'none' | 'gzip';
}

/** A batch as a producer sends it: base offset 0, offset deltas 0..n-1. */
export function produced(spec: ProduceSpec): Buffer {
  const records: Rec[] = spec.records.map((r, i) => ({
    offset: i,
    timestamp: r.timestamp ?? 1_000,
    key: r.key == null ? null : Buffer.from(r.key),
    value: r.value === null ? null : Buffer.from(r.value ?? `v${i}`),
    headers: [],
  }));
  return encodeBatch({
    baseOffset: 0,
    records,
    producerId: spec.producerId ?? -1,
    producerEpoch: spec.producerEpoch ?? -1,
    baseSequence: spec.baseSequence ?? -1,
    partitionLeaderEpoch: 0,
    compression: spec.compression ?? 'none',
  });
}

/** One keyed record batch, the common case in tests. */
export const kv = (key: string, value: string | null, timestamp = 1_000): Buffer =>
  produced({ records: [{ key, value, timestamp }] });

export const config = (over: Partial<LogConfig> = {}): LogConfig => ({ ...DEFAULT_LOG_CONFIG, ...over });

export interface Mode {
  name: 'memory' | 'disk';
  store: OpenedStore;
  dataDir: string | undefined;
  /** Closes the store and opens a new one on the same data. */
  restart(): Promise<OpenedStore>;
  cleanup(): Promise<void>;
}

export async function openMode(name: Mode['name']): Promise<Mode> {
  const dataDir = name === 'disk' ? fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-storage-')) : undefined;
  const medium = dataDir === undefined ? memoryMedium() : diskMedium(dataDir);
  const store = await openStoreOn(medium, 'always');
  const mode: Mode = {
    name,
    store,
    dataDir,
    async restart() {
      await mode.store.close();
      // Disk: a fresh medium re-reads the directory. Memory: the same medium is the "disk".
      mode.store = await openStoreOn(dataDir === undefined ? medium : diskMedium(dataDir), 'always');
      return mode.store;
    },
    async cleanup() {
      await mode.store.close();
      if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return mode;
}

export const MODES: Mode['name'][] = ['memory', 'disk'];
