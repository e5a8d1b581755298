// Throughput of the archiver to the local store, records/s and MB/s, two ways in one run:
// the core fed in-process (baseline) and the full path from an embedded broker through kafkajs
// and the wiring. `npm run bench -w apps/archiver [-- records]`.
import { benchInProcess } from './in-process.js';
import { benchThroughKafka } from './through-kafka.js';
import { benchRecords, report } from './records.js';

const TOTAL = Number(process.argv[2] ?? 200_000);
const input = benchRecords(TOTAL);

const baseline = await benchInProcess(input);
report('archiver bench, in-process core (baseline)', baseline);
const kafka = await benchThroughKafka(input);
report('archiver bench, embedded broker → kafkajs → archiver → local store', kafka);
const rate = (r: { records: number; seconds: number }) => r.records / r.seconds;
console.log(`through Kafka / in-process: ${(rate(kafka) / rate(baseline)).toFixed(2)}x`);
