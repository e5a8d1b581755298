// `npm run feed-server -w apps/aggregator`: serves the demo feeds on FEED_SERVER_PORT (8787 by
// default, the port demo/sources.json points at), with dates moved to the present — by whole
// hours, so a restart of the stack within the hour serves the very same feeds and the aggregator,
// which remembers what it published, emits nothing new.
import { fileURLToPath } from 'node:url';
import { rebaseFeedDates } from './demo-dates.js';
import { readFeedDirectory, startFeedServer } from './feed-server.js';

const dir = fileURLToPath(new URL('../demo/feeds/', import.meta.url));
const port = Number(process.env.FEED_SERVER_PORT ?? 8787);
const HOUR_MS = 3_600_000;
const anchor = Math.floor(Date.now() / HOUR_MS) * HOUR_MS;
const feeds = new Map([...(await readFeedDirectory(dir))].map(([name, xml]) => [name, rebaseFeedDates(xml, anchor)]));
const server = await startFeedServer({ feeds, port });
process.stdout.write(`demo feeds: ${[...feeds.keys()].map((n) => server.urlOf(n)).join(' ')}\n`);
const stop = () => void server.close().then(() => process.exit(0));
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
