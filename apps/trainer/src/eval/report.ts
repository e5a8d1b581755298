// The evaluation's table for a terminal.
import type { EvalDetails, EvalReport } from './evaluate.js';
import type { InteractionLog } from './interaction-log.js';

const pct = (a: number, b: number) => (b > 0 ? `${a >= b ? '+' : ''}${(((a - b) / b) * 100).toFixed(0)} %` : 'n/a');

export function formatReport(report: EvalReport, details: EvalDetails, log: InteractionLog): string {
  const { results: r, k } = report;
  const lines = [
    `users ${report.users}  items ${report.items}  interactions ${report.interactions}  (timestamps in ${log.timeUnit}; malformed rows skipped: ${log.malformed})`,
    ...log.problems.map((p) => `  line ${p.line}: ${p.reason}`),
    '',
    `${'ranking'.padEnd(22)}${`HR@${k}`.padStart(10)}${`NDCG@${k}`.padStart(10)}`,
    ...(['tessera', 'popularity', 'windowed_popularity'] as const).map((name) => `${name.padEnd(22)}${r[name].hr.toFixed(4).padStart(10)}${r[name].ndcg.toFixed(4).padStart(10)}`),
    '',
    `tessera HR@${k} vs popularity ${pct(r.tessera.hr, r.popularity.hr)}, vs windowed popularity ${pct(r.tessera.hr, r.windowed_popularity.hr)}`,
    `ranker trained on ${details.trainingExamples} rows from ${details.trainingUsers} users; held-out item among the candidates for ${(details.candidateRecall * 100).toFixed(1)} % of users; ${details.seconds.toFixed(1)} s`,
    '',
  ];
  return lines.join('\n');
}
