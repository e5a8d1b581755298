// One way of reading the bench archive, in a process of its own (see reader.bench.ts): prints
// { lines, seconds, maxRssBytes } as JSON. Both ways parse and shape-check every line.
import { gunzipSync } from 'node:zlib';
import { parseLine } from '../src/line.js';
import { createLocalStore } from '../src/object-store/local.js';
import { listArchiveObjects, readArchive } from '../src/reader/reader.js';

export interface ReadResult { lines: number; seconds: number; maxRssBytes: number }

const [dir, topic, mode] = process.argv.slice(2);
if (!dir || !topic || (mode !== 'reader' && mode !== 'whole')) throw new Error('usage: read.ts <dir> <topic> reader|whole');
const store = createLocalStore(dir);
const started = performance.now();
let lines = 0;
if (mode === 'reader') {
  for await (const line of readArchive({ store, topic })) if (line.eventTime > 0) lines += 1;
} else {
  const keys = await listArchiveObjects(store, { topic });
  if (!keys.ok) throw new Error(keys.error.message);
  for (const key of keys.value) {
    const body = await store.get(key);
    if (!body.ok) throw new Error(body.error.message);
    for (const text of gunzipSync(body.value).toString('utf8').split('\n')) {
      if (text && parseLine(text).ok) lines += 1;
    }
  }
}
const result: ReadResult = { lines, seconds: (performance.now() - started) / 1000, maxRssBytes: process.resourceUsage().maxRSS * 1024 };
process.stdout.write(`${JSON.stringify(result)}\n`);
