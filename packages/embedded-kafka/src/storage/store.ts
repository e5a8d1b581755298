// Owns: opening the broker's storage — the medium (data directory or memory), the metadata
// journal, partition logs, and the interval flush timer. The only entry point the broker needs.
import { diskMedium } from './disk-medium.js';
import { guard } from './errors.js';
import { FileJournal } from './journal.js';
import type { Medium } from './medium.js';
import { memoryMedium } from './memory-medium.js';
import { FilePartitionLog } from './partition-log.js';
import type { FlushPolicy, LogConfig, Store, StoreOptions } from './types.js';

export interface OpenedStore extends Store {
  readonly journal: FileJournal;
  /** Syncs every open log and the journal now (what the interval timer does). */
  flushAll(): Promise<void>;
}

/** Rejects with a StorageFailure (code 'IO') when the data directory cannot be used. */
export async function openStore(opts: StoreOptions): Promise<OpenedStore> {
  const dataDir = opts.dataDir;
  const medium: Medium = dataDir === undefined ? memoryMedium() : guard(`open ${dataDir}`, () => diskMedium(dataDir));
  return openStoreOn(medium, opts.flush);
}

/** Opens a store over an existing medium; tests reopen a memory medium to simulate a restart. */
export async function openStoreOn(medium: Medium, flush: FlushPolicy): Promise<OpenedStore> {
  const always = flush === 'always';
  const journal = guard('open journal', () => FileJournal.open(medium.journalFile(), always));
  const logs = new Set<FilePartitionLog>();

  const flushAll = async (): Promise<void> => {
    for (const log of logs) await log.flush();
    journal.sync();
  };

  let timer: NodeJS.Timeout | undefined;
  if (typeof flush === 'object') {
    timer = setInterval(() => {
      flushAll().catch((err: unknown) => {
        // A failed fsync is retried on the next tick; the write itself already reached the OS.
        console.error('[embedded-kafka] storage flush failed', err);
      });
    }, flush.intervalMs);
    timer.unref();
  }

  return {
    journal,
    flushAll,
    async openLog(topic: string, partition: number, config: LogConfig) {
      const log: FilePartitionLog = guard(`open log ${topic}-${partition}`, () => FilePartitionLog.open({
        dir: medium.partitionDir(topic, partition),
        config,
        syncEachAppend: always,
        // Closed or deleted logs leave the flush set so a deleted topic's files are not touched.
        onRelease: () => logs.delete(log),
      }));
      logs.add(log);
      return log;
    },
    async close() {
      if (timer) clearInterval(timer);
      for (const log of [...logs]) await log.close();
      journal.close();
    },
  };
}
