// Owns: the delete-policy decision (retention.ms / retention.bytes), pure over the
// batch index. Works batch by batch rather than segment by segment so retention also applies
// inside the default 1 GiB segment a test broker never rolls; the last batch is always kept (it
// is our "active segment"), which also keeps the log end offset anchored in a real batch.
import type { BatchIndex } from './batch-index.js';
import type { LogConfig } from './types.js';

/** The log start offset retention asks for (never lower than `logStart`). */
export function retentionStart(entries: BatchIndex, logStart: number, config: LogConfig, now: number): number {
  if (!config.cleanupPolicy.includes('delete')) return logStart;
  const first = entries.firstEndingAtOrAfter(logStart);
  const removable = entries.length - 1; // indices below this may go
  let start = logStart;
  let i = first;
  if (config.retentionMs >= 0) {
    // Kafka's rule: a unit expires when its newest timestamp is older than retention.ms.
    while (i < removable && now - entries.at(i).maxTimestamp > config.retentionMs) {
      start = entries.at(i).lastOffset + 1;
      i++;
    }
  }
  if (config.retentionBytes >= 0) {
    let excess = entries.bytesFrom(i) - config.retentionBytes;
    // Like Kafka, drop a unit only if what remains still holds at least retention.bytes.
    while (i < removable && entries.at(i).size <= excess) {
      excess -= entries.at(i).size;
      start = entries.at(i).lastOffset + 1;
      i++;
    }
  }
  return Math.max(logStart, start);
}
