import { describe, expect, it } from 'vitest';
import { splitLines } from './lines.js';

async function* chunksOf(...parts: (string | Buffer)[]): AsyncGenerator<Buffer> {
  for (const p of parts) yield Buffer.isBuffer(p) ? p : Buffer.from(p, 'utf8');
}
const all = async (it: AsyncIterable<unknown>) => {
  const out: unknown[] = [];
  for await (const x of it) out.push(x);
  return out;
};

describe('splitting NDJSON bytes into lines', () => {
  it('joins lines cut across chunks, multi-byte characters included, and numbers them from 1', async () => {
    const euro = Buffer.from('€', 'utf8'); // 3 bytes
    const lines = await all(splitLines(chunksOf('{"a":1}\n{"b"', ':"x', euro.subarray(0, 1), euro.subarray(1), '"}\n\n{"c":3}'), 1024));
    expect(lines).toEqual([
      { number: 1, text: '{"a":1}' },
      { number: 2, text: '{"b":"x€"}' },
      { number: 3, text: '' },
      { number: 4, text: '{"c":3}' },
    ]);
  });

  it('ends without an extra line after the final newline, and yields nothing for no bytes', async () => {
    expect(await all(splitLines(chunksOf('a\n', 'b\n'), 16))).toEqual([{ number: 1, text: 'a' }, { number: 2, text: 'b' }]);
    expect(await all(splitLines(chunksOf(), 16))).toEqual([]);
  });

  it('skips a line longer than the limit without keeping it, and goes on with the next', async () => {
    const lines = await all(splitLines(chunksOf('short\n', 'x'.repeat(10), 'y'.repeat(10), '\nok\n', 'z'.repeat(30)), 16));
    expect(lines).toEqual([
      { number: 1, text: 'short' },
      { number: 2, tooLong: true },
      { number: 3, text: 'ok' },
      { number: 4, tooLong: true },
    ]);
  });
});
