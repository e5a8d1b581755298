// Object keys of the archive. A key depends only on (topic, partition, start offset) and the
// event-time hour of the file's records, so a replay after a crash rebuilds the same files under
// the same keys and overwrites them instead of adding copies:
//   <prefix>/<topic>/dt=YYYY-MM-DD/hr=HH/<topic>+<partition>+<start offset, 19 digits>.ndjson.gz
// 19 digits hold every int64 offset, so keys sort by offset as plain strings (in listings too).

export const OFFSET_WIDTH = 19;
export const OBJECT_SUFFIX = '.ndjson.gz';
export const CONTENT_TYPE = 'application/x-ndjson';

export interface HourPartition {
  /** YYYY-MM-DD (UTC). */
  dt: string;
  /** 00-23 (UTC). */
  hr: string;
}

export function hourPartition(epochMs: number): HourPartition {
  const iso = new Date(epochMs).toISOString();
  return { dt: iso.slice(0, 10), hr: iso.slice(11, 13) };
}

export function padOffset(offset: string | bigint): string {
  const text = String(offset);
  if (!/^[0-9]{1,19}$/.test(text)) throw new RangeError(`not a Kafka offset: ${text}`);
  return text.padStart(OFFSET_WIDTH, '0');
}

export function objectKey(prefix: string, topic: string, partition: number, startOffset: string, hour: HourPartition): string {
  const file = `${topic}+${partition}+${padOffset(startOffset)}${OBJECT_SUFFIX}`;
  return joinKey(prefix, `${topic}/dt=${hour.dt}/hr=${hour.hr}/${file}`);
}

/** The folder holding one topic's objects, for listings. */
export function topicPrefix(prefix: string, topic: string): string {
  return joinKey(prefix, `${topic}/`);
}

export interface ParsedKey {
  topic: string;
  partition: number;
  startOffset: string;
  dt: string;
  hr: string;
}

const KEY_PATTERN = /(?:^|\/)([^/]+)\/dt=(\d{4}-\d{2}-\d{2})\/hr=(\d{2})\/([^/+]+)\+(\d+)\+(\d{19})\.ndjson\.gz$/;

/** Reads an archive key back; undefined for anything that is not an archive object. */
export function parseObjectKey(key: string): ParsedKey | undefined {
  const m = KEY_PATTERN.exec(key);
  if (!m || m[1] !== m[4]) return undefined;
  return { topic: m[1]!, partition: Number(m[5]), startOffset: BigInt(m[6]!).toString(), dt: m[2]!, hr: m[3]! };
}

function joinKey(prefix: string, rest: string): string {
  const clean = prefix.replace(/^\/+|\/+$/g, '');
  return clean ? `${clean}/${rest}` : rest;
}
