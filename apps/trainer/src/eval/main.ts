// `npm run eval -- --input FILE.csv [--k 10] [--json OUT.json]`: offline evaluation of Tessera's
// ranking against popularity baselines on an interaction log (see evaluate.ts for the protocol).
// Prints a table on stdout, progress on stderr, and writes the JSON report if asked.
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { createProgress } from '../cli/progress.js';
import { evaluateLog } from './evaluate.js';
import { LogFormatError, readInteractionLog } from './interaction-log.js';
import { formatReport } from './report.js';

const USAGE = 'usage: npm run eval -- --input FILE.csv [--k 10] [--json OUT.json]';

function fail(message: string): never {
  process.stderr.write(`eval: ${message}\n${USAGE}\n`);
  process.exit(2);
}

let values: { input?: string; k?: string; json?: string };
try {
  ({ values } = parseArgs({ options: { input: { type: 'string' }, k: { type: 'string' }, json: { type: 'string' } }, strict: true }));
} catch (error) {
  fail(error instanceof Error ? error.message : String(error));
}
if (!values.input) fail('--input is required');
const k = values.k === undefined ? 10 : Number(values.k);
if (!Number.isInteger(k) || k < 1 || k > 1000) fail(`--k must be an integer from 1 to 1000, got "${values.k}"`);

const progress = createProgress();
try {
  progress.report('reading the log', 0, 1);
  const log = await readInteractionLog(values.input);
  progress.report('reading the log', 1, 1);
  if (log.events.length === 0) fail(`${values.input} holds no usable interaction (${log.malformed} malformed rows)`);
  const { report, details } = await evaluateLog(log, { k, onProgress: progress.report });
  progress.stop();
  process.stdout.write(formatReport(report, details, log));
  if (values.json) await writeFile(values.json, `${JSON.stringify(report)}\n`);
} catch (error) {
  progress.stop();
  if (error instanceof LogFormatError) fail(`${values.input}: ${error.message}`);
  if ((error as NodeJS.ErrnoException).code === 'ENOENT') fail(`${values.input}: no such file`);
  throw error;
}
