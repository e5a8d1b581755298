// Regenerates schemas/<topic>.json from the code. Refuses to overwrite a snapshot with a breaking
// change: that change belongs in a new topic version (see README). `--check` only reports.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compareSchemas } from '../src/evolution.js';
import { publishedSchema, snapshotFileName, snapshotText } from '../src/published.js';
import { TOPIC_NAMES } from '../src/topics.js';

const dir = join(dirname(fileURLToPath(import.meta.url)), '..', 'schemas');
const checkOnly = process.argv.includes('--check');
let failed = false;

mkdirSync(dir, { recursive: true });
for (const topic of TOPIC_NAMES) {
  const file = join(dir, snapshotFileName(topic));
  const text = snapshotText(topic);
  if (existsSync(file)) {
    const previous = readFileSync(file, 'utf8');
    if (previous === text) continue;
    const breaking = compareSchemas(JSON.parse(previous), publishedSchema(topic));
    if (breaking.length > 0) {
      failed = true;
      console.error(`${topic}: breaking change, publish a new topic version instead:`);
      for (const c of breaking) console.error(`  ${c.code} ${c.path || '/'} ${c.detail}`);
      continue;
    }
  }
  if (checkOnly) {
    failed = true;
    console.error(`${topic}: snapshot is out of date (run npm run snapshot)`);
    continue;
  }
  writeFileSync(file, text);
  console.log(`${topic}: snapshot written`);
}
process.exitCode = failed ? 1 : 0;
