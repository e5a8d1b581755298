import { describe, expect, it } from 'vitest';
import { commitOffset, place } from './rotation.js';
import type { FileChunk, PlacedLine, RotationLimits } from './rotation.js';

const H = 3_600_000;
const T0 = Date.UTC(2026, 10, 22, 10);

function run(lines: PlacedLine[], limits: RotationLimits): { closed: FileChunk[]; open: FileChunk | undefined } {
  let open: FileChunk | undefined;
  const closed: FileChunk[] = [];
  for (const line of lines) {
    const placed = place(open, line, limits);
    open = placed.open;
    closed.push(...placed.closed);
  }
  return { closed, open };
}

const line = (offset: number, eventTime: number, text = 'x\n'): PlacedLine =>
  ({ topic: 't', partition: 0, offset: String(offset), eventTime, text });

describe('rotation', () => {
  it('closes a file at the record count limit', () => {
    const { closed, open } = run([0, 1, 2, 3, 4].map((o) => line(o, T0)), { maxRecords: 2, maxBytes: 1e9 });
    expect(closed.map((c) => [c.startOffset, c.endOffset, c.lines.length])).toEqual([['0', '1', 2], ['2', '3', 2]]);
    expect(open?.startOffset).toBe('4');
  });

  it('closes a file once its uncompressed bytes reach the limit', () => {
    const { closed } = run([line(0, T0, 'aaaa\n'), line(1, T0, 'bbbb\n'), line(2, T0, 'cc\n')], { maxRecords: 100, maxBytes: 10 });
    expect(closed.map((c) => [c.startOffset, c.bytes])).toEqual([['0', 10]]);
  });

  it('starts a new file when the event-time hour changes, whatever the arrival order', () => {
    const { closed, open } = run(
      [line(10, T0 + 5), line(11, T0 + H - 1), line(12, T0 + H), line(13, T0 + 10)],
      { maxRecords: 100, maxBytes: 1e9 },
    );
    expect(closed.map((c) => [c.startOffset, c.endOffset, c.hour.hr])).toEqual([['10', '11', '10'], ['12', '12', '11']]);
    expect([open?.startOffset, open?.hour.hr]).toEqual(['13', '10']);
  });

  it('is deterministic: the same records give the same files', () => {
    const input = Array.from({ length: 50 }, (_, i) => line(i, T0 + ((i * 7919) % 3) * H));
    const a = run(input, { maxRecords: 4, maxBytes: 1e9 });
    const b = run(input.map((l) => ({ ...l })), { maxRecords: 4, maxBytes: 1e9 });
    expect(b.closed.map((c) => c.startOffset)).toEqual(a.closed.map((c) => c.startOffset));
  });

  it('commits up to the open file, or past the last record when nothing is open', () => {
    const { open } = run([line(7, T0), line(9, T0)], { maxRecords: 100, maxBytes: 1e9 });
    expect(commitOffset(open, '9')).toBe('7');
    expect(commitOffset(undefined, '9')).toBe('10');
  });
});
