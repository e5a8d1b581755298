// Where a users.v1 record came from in the WAL: the commit LSN of its transaction (or the slot's
// consistent point for snapshot rows) and its index within that transaction. Every record carries
// it in a header; on start the app reads the last record of each partition back and skips what is
// already there, which is what makes a crash between "Kafka acked" and "slot acknowledged" produce
// no duplicate.
import { formatLsn, parseLsn } from './lsn.js';
import type { Lsn } from './lsn.js';

export interface Position {
  readonly lsn: Lsn;
  readonly seq: number;
}

export const POSITION_HEADER = 'tessera-cdc-position';

export function comparePositions(a: Position, b: Position): number {
  if (a.lsn !== b.lsn) return a.lsn < b.lsn ? -1 : 1;
  return a.seq - b.seq;
}

export function encodePosition(position: Position): string {
  return `${formatLsn(position.lsn)}#${position.seq}`;
}

/** null for a missing or foreign header (a record not written by users-cdc). */
export function decodePosition(text: string | undefined): Position | null {
  if (text === undefined) return null;
  const match = /^([0-9A-F]+\/[0-9A-F]+)#(\d+)$/.exec(text);
  if (!match) return null;
  return { lsn: parseLsn(match[1] as string), seq: Number(match[2]) };
}

/** Highest position already on each partition; a record at or below it was published before. */
export type PublishedMarks = ReadonlyMap<number, Position>;

export function alreadyPublished(marks: PublishedMarks, partition: number, position: Position): boolean {
  const mark = marks.get(partition);
  return mark !== undefined && comparePositions(position, mark) <= 0;
}
