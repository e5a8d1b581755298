// The k6 scripts of load-tests/ as a smoke run (PROFILE=smoke: a few VUs, bounded iterations)
// through @tessera/k6-runner against a running stack; fails naming the script and the thresholds
// that did not hold, with the runner's summary.
import { fileURLToPath } from 'node:url';
import { runScript } from '@tessera/k6-runner/run';

export const LOAD_TESTS = ['clicks', 'beacon', 'delivery'] as const;

export async function runK6Smoke(targets: Record<string, string>, report: (line: string) => void): Promise<void> {
  const env = { ...targets, PROFILE: 'smoke', RUN_ID: `smoke${Date.now().toString(36)}` };
  const results = await Promise.all(LOAD_TESTS.map(async (name) => {
    const log: string[] = [];
    const script = fileURLToPath(new URL(`../../load-tests/${name}.ts`, import.meta.url));
    const result = await runScript(script, env, (line) => log.push(line));
    return { name, result, log };
  }));
  const failed = results.filter((r) => r.result.exitCode !== 0);
  for (const { name, result } of results) {
    const checks = result.metrics.checks?.rate;
    report(`k6 smoke ${name}.ts: exit ${result.exitCode}, ${result.metrics.iterations?.count ?? 0} iterations, checks ${checks === undefined ? 'none' : `${(checks * 100).toFixed(0)} %`}, thresholds ${result.thresholds.filter((t) => t.ok).length}/${result.thresholds.length} held`);
  }
  if (failed.length > 0) {
    throw new Error(failed.map(({ name, result, log }) => `k6 smoke of load-tests/${name}.ts exited ${result.exitCode}:\n${log.join('\n')}\n${result.summary}`).join('\n\n'));
  }
}
