// One erasure round for a batch of users.v1 tombstones: log each request as started, wait until
// the archiver has archived everything written before (archiver-progress.ts), rewrite the
// archive objects holding the users' records without them (same keys), delete their warehouse
// rows, and log each request as completed — or incomplete, naming the archive objects that
// could not be read, since what they hold was not checked. Every step is idempotent: a crash
// anywhere means the tombstones are not committed, and the round runs again from the start.
import { rewriteArchive } from '@tessera/archive/rewrite';
import type { ObjectStore } from '@tessera/archive/object-store';
import { subjectOf, writeErasureLog } from './erasure-log.js';
import type { ErasureLogEntry, ErasureRequest } from './erasure-log.js';
import { subjectMatcher } from './subjects.js';
import type { WarehouseEraser } from './warehouse-eraser.js';

export interface ErasureDeps {
  /** The archive's store; the erasure log lives in it too. */
  store: Pick<ObjectStore, 'list' | 'get' | 'put'>;
  prefix: string;
  /** Resolves once everything in Kafka when it was called is archived. */
  archiverCaughtUp(): Promise<void>;
  warehouse: WarehouseEraser;
  /** Runs the warehouse step with the warehouse to itself (locally: between load rounds). */
  exclusive<T>(fn: () => Promise<T>): Promise<T>;
  now?: () => number;
}

export async function eraseUsers(deps: ErasureDeps, requests: readonly ErasureRequest[]): Promise<ErasureLogEntry[]> {
  const now = deps.now ?? Date.now;
  const startedAt = new Date(now()).toISOString();
  const entryOf = (r: ErasureRequest): ErasureLogEntry => ({
    subject: subjectOf(r.userId),
    tombstone: { topic: 'users.v1', partition: r.partition, offset: r.offset, timestamp: r.requestedAt },
    status: 'started',
    startedAt,
  });
  for (const r of requests) await writeErasureLog(deps.store, deps.prefix, r, entryOf(r));

  await deps.archiverCaughtUp();

  const userIds = [...new Set(requests.map((r) => r.userId))];
  const matcher = subjectMatcher(userIds);
  const perUser = new Map(userIds.map((id) => [id, { lines: 0, objects: new Set<string>() }]));
  const tally = (owner: string | undefined, key: string): boolean => {
    if (owner === undefined) return false;
    const t = perUser.get(owner)!;
    t.lines += 1;
    t.objects.add(key);
    return true;
  };
  const archive = await rewriteArchive({
    store: deps.store,
    prefix: deps.prefix,
    drop: (line, key) => tally(matcher.ownerOf(line), key),
    dropRaw: (text, key) => tally(matcher.mentionedIn(text), key),
  });
  const rowsDeleted = await deps.exclusive(() => deps.warehouse.erase(userIds, matcher));

  const completedAt = new Date(now()).toISOString();
  const unreadable = archive.unreadable.map((u) => u.key);
  const entries: ErasureLogEntry[] = [];
  for (const r of requests) {
    const t = perUser.get(r.userId)!;
    const entry: ErasureLogEntry = {
      ...entryOf(r),
      status: unreadable.length === 0 ? 'completed' : 'incomplete',
      completedAt,
      archive: { objectsScanned: archive.scanned, objectsRewritten: t.objects.size, linesRemoved: t.lines, unreadable },
      warehouse: { engine: deps.warehouse.engine, rowsDeleted },
    };
    await writeErasureLog(deps.store, deps.prefix, r, entry);
    entries.push(entry);
  }
  return entries;
}
