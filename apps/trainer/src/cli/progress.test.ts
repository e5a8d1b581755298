import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createProgress } from './progress.js';

function stream(isTTY: boolean): { out: NodeJS.WriteStream; text: () => string } {
  const chunks: string[] = [];
  const s = new PassThrough() as unknown as NodeJS.WriteStream & { isTTY: boolean };
  s.isTTY = isTTY;
  s.on('data', (c: Buffer) => chunks.push(c.toString()));
  return { out: s, text: () => chunks.join('') };
}

describe('progress', () => {
  it('writes plain lines off a terminal, at most one per step and tenth of the work', async () => {
    const { out, text } = stream(false);
    const progress = createProgress(out);
    for (let done = 0; done <= 1000; done += 7) progress.report('building rows', done, 1000);
    progress.report('building rows', 1000, 1000);
    progress.report('training', 5, 10);
    progress.stop();
    await new Promise((r) => setImmediate(r));
    const lines = text().trim().split('\n');
    expect(lines[0]).toBe('building rows: 0/1000');
    expect(lines.filter((l) => l.startsWith('building rows'))).toHaveLength(11);
    expect(lines.at(-2)).toBe('building rows: 1000/1000');
    expect(lines.at(-1)).toBe('training: 5/10');
  });

  it('draws a bar on a terminal', async () => {
    const { out, text } = stream(true);
    const progress = createProgress(out);
    progress.report('training', 50, 100);
    progress.report('training', 100, 100);
    progress.stop();
    await new Promise((r) => setImmediate(r));
    expect(text()).toMatch(/training\s+.*100% \| 100\/100/);
    expect(text()).not.toContain('training: ');
  });
});
