// Which objects of one topic can hold events of a time range. The archiver puts every record in
// the dt=/hr= folder of its event time, so an object's hour is known from its key alone and a
// range read never downloads an hour that cannot match. Keys come back in key order: by date and
// hour, then by "<topic>+<partition>+<19-digit offset>" as text (partition 10 sorts before 2).
import { hourPartition, objectKey, parseObjectKey, topicPrefix } from '../naming.js';
import type { ObjectStore, StoreResult } from '../object-store/object-store.js';

export const HOUR_MS = 3_600_000;

export interface ObjectRange {
  /** The archive's key prefix ('' by default), as the archiver was configured (ARCHIVE_PREFIX). */
  prefix?: string;
  /** Topic name as archived (the folder name). */
  topic: string;
  /** Event time, inclusive; undefined = from the beginning. */
  fromMs?: number;
  /** Event time, exclusive; undefined = no end. */
  toMs?: number;
}

/** Start of the hour an archive key's dt=/hr= folder stands for; undefined if it is no archive object of `topic` under `prefix`. */
export function objectHour(key: string, prefix: string, topic: string): number | undefined {
  const parsed = parseObjectKey(key);
  if (!parsed || parsed.topic !== topic) return undefined;
  const start = Date.parse(`${parsed.dt}T${parsed.hr}:00:00.000Z`);
  if (Number.isNaN(start)) return undefined;
  // Only the exact layout the archiver writes: no impossible dates, nothing nested deeper.
  if (objectKey(prefix, topic, parsed.partition, parsed.startOffset, hourPartition(start)) !== key) return undefined;
  return start;
}

export function hourOverlaps(hourStart: number, fromMs: number | undefined, toMs: number | undefined): boolean {
  return (fromMs === undefined || hourStart + HOUR_MS > fromMs) && (toMs === undefined || hourStart < toMs);
}

export async function listArchiveObjects(store: Pick<ObjectStore, 'list'>, range: ObjectRange): Promise<StoreResult<string[]>> {
  const prefix = range.prefix ?? '';
  const listed = await store.list(topicPrefix(prefix, range.topic));
  if (!listed.ok) return listed;
  const keys = listed.value.filter((key) => {
    const hour = objectHour(key, prefix, range.topic);
    return hour !== undefined && hourOverlaps(hour, range.fromMs, range.toMs);
  });
  return { ok: true, value: keys.sort() };
}
