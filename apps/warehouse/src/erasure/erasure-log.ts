// The erasure log: one JSON object per erasure request, in the archive's store beside the topic
// folders (`<ARCHIVE_PREFIX>/_erasure-log/`), written when the request is taken up and again when
// it is done. Its key comes from the users.v1 tombstone's position, so a replayed tombstone
// overwrites its own entry instead of adding one. It must not become a copy of what it erases:
// the user is named only by `subject`, the SHA-256 of the user id, which lets an auditor holding
// an id check that it was erased without the log listing who was.
import { createHash } from 'node:crypto';
import { padOffset } from '@tessera/archive/naming';
import type { ObjectStore, StoreError } from '@tessera/archive/object-store';

export const ERASURE_LOG_FOLDER = '_erasure-log';

export interface ErasureRequest {
  userId: string;
  /** Where the users.v1 tombstone that asked for it sits. */
  partition: number;
  offset: string;
  /** The tombstone's Kafka timestamp (ms). */
  requestedAt: number;
}

export interface ErasureLogEntry {
  subject: string;
  tombstone: { topic: 'users.v1'; partition: number; offset: string; timestamp: number };
  status: 'started' | 'completed' | 'incomplete';
  startedAt: string;
  completedAt?: string;
  /** Archive objects rewritten for this user and lines removed from them. */
  archive?: { objectsRewritten: number; linesRemoved: number; objectsScanned: number; unreadable: string[] };
  /** Rows deleted per warehouse table (and quarantined lines), for this erasure's batch. */
  warehouse?: { engine: 'duckdb' | 'bigquery'; rowsDeleted: Record<string, number> };
}

export function subjectOf(userId: string): string {
  return createHash('sha256').update(userId, 'utf8').digest('hex');
}

export function erasureLogKey(prefix: string, request: Pick<ErasureRequest, 'partition' | 'offset'>): string {
  const clean = prefix.replace(/^\/+|\/+$/g, '');
  const file = `${ERASURE_LOG_FOLDER}/users.v1+${request.partition}+${padOffset(request.offset)}.json`;
  return clean ? `${clean}/${file}` : file;
}

export class ErasureLogError extends Error {
  readonly code = 'erasure_log_failed';
  constructor(message: string, readonly retriable: boolean, override readonly cause: StoreError) {
    super(message);
  }
}

export async function writeErasureLog(store: Pick<ObjectStore, 'put'>, prefix: string, request: ErasureRequest, entry: ErasureLogEntry): Promise<void> {
  const key = erasureLogKey(prefix, request);
  const put = await store.put(key, Buffer.from(`${JSON.stringify(entry)}\n`), 'application/json');
  if (!put.ok) throw new ErasureLogError(`writing ${key}: ${put.error.message}`, put.error.retriable, put.error);
}

export async function readErasureLog(store: Pick<ObjectStore, 'list' | 'get'>, prefix: string): Promise<ErasureLogEntry[]> {
  const clean = prefix.replace(/^\/+|\/+$/g, '');
  const folder = clean ? `${clean}/${ERASURE_LOG_FOLDER}/` : `${ERASURE_LOG_FOLDER}/`;
  const listed = await store.list(folder);
  if (!listed.ok) throw new ErasureLogError(`listing ${folder}: ${listed.error.message}`, listed.error.retriable, listed.error);
  const entries: ErasureLogEntry[] = [];
  for (const key of listed.value) {
    const got = await store.get(key);
    if (!got.ok) throw new ErasureLogError(`reading ${key}: ${got.error.message}`, got.error.retriable, got.error);
    entries.push(JSON.parse(got.value.toString('utf8')) as ErasureLogEntry);
  }
  return entries;
}
