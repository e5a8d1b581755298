// The offline evaluation command on a small seeded log: the report's exact JSON shape, the
// protocol's counts, a malformed row counted and reported without stopping the run, and clear
// refusals of unusable input.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syntheticLog, toCsv } from '../src/eval/synthetic-log.js';

const run = promisify(execFile);
const MAIN = new URL('../src/eval/main.ts', import.meta.url).pathname;
let dir: string;

beforeAll(async () => { dir = await mkdtemp(join(tmpdir(), 'eval-')); });
afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

async function evalCli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', MAIN, ...args], { timeout: 240_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

describe('npm run eval', () => {
  it('writes the report in the documented shape and counts a malformed row without failing', async () => {
    const rows = syntheticLog({ users: 60, items: 400, interactions: 3_000, seed: 9 });
    const csv = toCsv(rows).replace('\n', '\nbroken-row-with-one-field\n');
    const input = join(dir, 'log.csv');
    const output = join(dir, 'out.json');
    await writeFile(input, csv);
    const { code, stdout } = await evalCli(['--input', input, '--k', '5', '--json', output]);
    expect(code).toBe(0);
    expect(stdout).toContain('malformed rows skipped: 1');
    const report = JSON.parse(await readFile(output, 'utf8')) as Record<string, unknown>;
    expect(Object.keys(report)).toEqual(['users', 'items', 'interactions', 'k', 'results']);
    expect(report).toMatchObject({ users: 60, interactions: rows.length, k: 5 });
    expect(report.items).toBe(new Set(rows.map((r) => r.itemId)).size);
    const results = report.results as Record<string, { hr: number; ndcg: number }>;
    expect(Object.keys(results)).toEqual(['tessera', 'popularity', 'windowed_popularity']);
    for (const m of Object.values(results)) {
      expect(Object.keys(m)).toEqual(['hr', 'ndcg']);
      expect(m.hr).toBeGreaterThanOrEqual(m.ndcg);
      expect(m.hr).toBeLessThanOrEqual(1);
    }
  });

  it('refuses a file without the required header, a missing file and a bad --k with exit code 2', async () => {
    const noHeader = join(dir, 'no-header.csv');
    await writeFile(noHeader, 'a,b,c\n1,2,3\n');
    expect(await evalCli(['--input', noHeader])).toMatchObject({ code: 2, stderr: expect.stringContaining('missing: user_id, item_id, timestamp') });
    expect(await evalCli(['--input', join(dir, 'nope.csv')])).toMatchObject({ code: 2, stderr: expect.stringContaining('no such file') });
    expect(await evalCli(['--input', noHeader, '--k', '0'])).toMatchObject({ code: 2, stderr: expect.stringContaining('--k must be') });
    expect(await evalCli([])).toMatchObject({ code: 2, stderr: expect.stringContaining('--input is required') });
  });
});
