// The trainer's benchmark: the time from "N archived interactions" (default one million, a
// simulated day on the local store) to "model published on models.v1" of an embedded broker,
// with the time of each step, training throughput (rows/s, all epochs) and the row replay's
// rate. Later runs reuse the archive (archive-fixture.ts); the timer starts when trainOnce is
// called and stops when the release is acknowledged by the broker.
//   npm run bench -w @tessera/trainer [-- --interactions 1000000 --seed 1 --runs 1 --factors 4]
import { parseArgs } from 'node:util';
import { LIVE_FEATURES } from '@tessera/features/feature-set';
import type { ModelRelease } from '@tessera/contracts/schemas/model-release';
import { createProducer } from '@tessera/streams/producer';
import { provision, scopeNames, silent, startTestBroker, testKafka, uid } from '@tessera/streams/testing';
import { trainOnce } from '../src/train-run.js';
import type { TrainSettings } from '../src/train-run.js';
import { benchArchive } from './archive-fixture.js';

const { values } = parseArgs({
  options: {
    interactions: { type: 'string', default: '1000000' }, seed: { type: 'string', default: '1' }, runs: { type: 'string', default: '1' },
    factors: { type: 'string', default: '4' }, epochs: { type: 'string', default: '3' }, hours: { type: 'string', default: '24' },
  },
});
const int = (text: string | undefined) => Number.parseInt(text ?? '', 10);
const log = (line: string) => process.stderr.write(`${line}\n`);

// Topic names are scoped (the bench can run beside the stack); the archive folders use them too,
// so the fixture is keyed by a fixed scope.
const names = scopeNames('bench');
const archive = await benchArchive(names, { interactions: int(values.interactions), seed: int(values.seed), hours: int(values.hours), log });
const broker = await startTestBroker();
const kafka = testKafka(broker);
const runNames = scopeNames(uid('trbench'));
await provision(kafka, runNames, ['models.v1']);
const producer = createProducer({ kafka, names: runNames });
await producer.connect();

const settings: TrainSettings = {
  featureSet: LIVE_FEATURES, modelName: 'ctr', archivePrefix: '', windowMs: int(values.hours) * 3_600_000, evalPercent: 20,
  attributionMs: 600_000, minPositives: 30, factors: int(values.factors), epochs: int(values.epochs),
};
try {
  for (let run = 0; run < int(values.runs); run += 1) {
    let published: ModelRelease | undefined;
    const cpu = process.cpuUsage();
    const outcome = await trainOnce({
      store: archive.store, names, logger: silent, now: () => archive.now,
      publish: async (release) => { await producer.send('models.v1', [release]); published = release; },
    }, settings);
    if (!outcome.published || !published) throw new Error(`run ${run + 1} published nothing: ${outcome.published ? '' : outcome.detail}`);
    const used = process.cpuUsage(cpu);
    const { card } = outcome;
    const rows = card.rows.impressions;
    const rowsSeconds = outcome.phases.rows ?? 0;
    console.log(JSON.stringify({
      run: run + 1,
      interactions: card.rows.interactions,
      seconds: Number(outcome.seconds.toFixed(2)),
      // CPU of this process (all threads) during the run: on a shared machine, wall time includes waiting for a core.
      cpuSeconds: Number(((used.user + used.system) / 1e6).toFixed(2)),
      phases: outcome.phases,
      phasesCpu: outcome.phasesCpu,
      rows,
      replayEventsPerSecond: Math.round(card.rows.interactions / Math.max(rowsSeconds, 1e-9)),
      trainRows: card.rows.train,
      trainRowsPerSecond: Math.round(card.training.rowsPerSecond),
      auc: Number(card.metrics.auc.toFixed(4)),
      baselineAuc: Number(card.metrics.baselineAuc.toFixed(4)),
      parityMaxAbsDiff: card.parity.maxAbsDiff,
    }));
  }
} finally {
  await producer.close();
  await broker.close();
}
