#!/usr/bin/env -S node --import tsx
// `tessera-k6 run [-e KEY=VALUE]... [--summary-export FILE] <script>`: the subset of `k6 run`
// this runner implements. __ENV holds the process environment overlaid with the -e values (k6
// includes system environment variables by default, too). Every other flag is refused.
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { runScript } from './run.js';

const args = process.argv.slice(2);
if (args[0] !== 'run') fail('usage: tessera-k6 run [-e KEY=VALUE]... [--summary-export FILE] <script>');
const env: Record<string, string> = Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined));
let script: string | undefined;
let summaryExport: string | undefined;
for (let i = 1; i < args.length; i += 1) {
  const arg = args[i]!;
  if (arg === '-e' || arg === '--env') {
    const pair = args[++i] ?? '';
    const at = pair.indexOf('=');
    if (at < 1) fail(`-e needs KEY=VALUE, got "${pair}"`);
    env[pair.slice(0, at)] = pair.slice(at + 1);
  } else if (arg === '--summary-export') {
    summaryExport = args[++i];
  } else if (arg.startsWith('-')) {
    fail(`k6-runner does not implement the flag ${arg}; set vus, iterations and duration in the script's options (or run real k6)`);
  } else if (script === undefined) {
    script = resolve(arg);
  } else {
    fail(`one script at a time (got ${script} and ${arg})`);
  }
}
if (!script) fail('no script given');

const result = await runScript(script, env);
process.stdout.write(`\n  script: ${script}\n\n${result.summary}\n`);
if (summaryExport) await writeFile(summaryExport, JSON.stringify({ metrics: result.metrics, thresholds: result.thresholds, iterationErrors: result.iterationErrors }, null, 2));
process.exitCode = result.exitCode;

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}
