// Splits a stream of bytes (a gunzip stream) into NDJSON lines without ever joining more than one
// line: only the current chunk and the unfinished line are held, so an object of any size is read
// in bounded memory. Splitting on the byte 0x0A is safe in UTF-8 (it never occurs inside a
// multi-byte character). A line longer than `maxLineBytes` is not kept in memory at all: it is
// reported as too long and skipped up to the next newline.

export type SplitLine =
  | { number: number; text: string }
  | { number: number; tooLong: true };

const NEWLINE = 0x0a;

/** Lines numbered from 1. A final line without a newline counts; an empty tail does not. */
export async function* splitLines(chunks: AsyncIterable<Buffer>, maxLineBytes: number): AsyncGenerator<SplitLine> {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let overflow = false;
  let number = 0;

  for await (const chunk of chunks) {
    let start = 0;
    while (start < chunk.length) {
      const end = chunk.indexOf(NEWLINE, start);
      const piece = chunk.subarray(start, end === -1 ? chunk.length : end);
      if (!overflow && pendingBytes + piece.length > maxLineBytes) {
        overflow = true;
        pending = [];
        pendingBytes = 0;
      }
      if (!overflow) {
        pending.push(piece);
        pendingBytes += piece.length;
      }
      if (end === -1) break;
      number += 1;
      yield overflow ? { number, tooLong: true } : { number, text: Buffer.concat(pending, pendingBytes).toString('utf8') };
      pending = [];
      pendingBytes = 0;
      overflow = false;
      start = end + 1;
    }
  }
  if (overflow || pendingBytes > 0) {
    number += 1;
    yield overflow ? { number, tooLong: true } : { number, text: Buffer.concat(pending, pendingBytes).toString('utf8') };
  }
}
