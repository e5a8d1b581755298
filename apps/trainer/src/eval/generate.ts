// `npm run eval:generate -- --out FILE.csv [--users 600] [--items 10000] [--interactions 100000] [--seed 1]`:
// writes the seeded synthetic log (synthetic-log.ts) that the offline evaluation is tuned on.
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { syntheticLog, toCsv } from './synthetic-log.js';

const { values } = parseArgs({
  options: {
    out: { type: 'string' }, users: { type: 'string', default: '600' }, items: { type: 'string', default: '10000' },
    interactions: { type: 'string', default: '100000' }, seed: { type: 'string', default: '1' },
  },
});
const int = (name: string, text: string | undefined) => {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) {
    process.stderr.write(`eval:generate: --${name} must be a positive integer, got "${text}"\n`);
    process.exit(2);
  }
  return n;
};
if (!values.out) {
  process.stderr.write('usage: npm run eval:generate -- --out FILE.csv [--users 600] [--items 10000] [--interactions 100000] [--seed 1]\n');
  process.exit(2);
}
const rows = syntheticLog({
  users: int('users', values.users), items: int('items', values.items), interactions: int('interactions', values.interactions), seed: int('seed', values.seed),
});
await writeFile(values.out, toCsv(rows));
process.stdout.write(`${rows.length} interactions written to ${values.out}\n`);
