// Renders the lineage view as one self-contained HTML page (no scripts, no external assets):
// a row per topic with its producers (client ids, records in the last minute), the topic (records
// held, appended in the last minute), its consumer groups (state, members, lag, consumed in the
// last minute) and where each group's effect lands. Topics nobody consumes and expected groups
// that committed nothing are flagged. The page refreshes itself every 5 s.
import type { LineageTopic, LineageView } from './lineage.js';

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function topicRow(t: LineageTopic): string {
  const producers = t.producers.length === 0
    ? '<span class="muted">none seen</span>'
    : t.producers.map((p) => `<div>${escape(p.clientId)} <span class="muted">${p.lastMinute}/min</span></div>`).join('');
  const consumers = t.consumers.map((c) => `<div>${escape(c.groupId)}${c.app ? ` <span class="muted">(${escape(c.app)})</span>` : ''}
    <span class="muted">${escape(c.state)}, ${c.members} members, lag ${c.lag}, ${c.consumedLastMinute}/min</span></div>`).join('');
  const sinks = t.consumers.map((c) => `<div>${c.sink ? escape(c.sink) : '<span class="muted">not in the catalogue</span>'}</div>`).join('');
  const flags = [
    ...(t.unconsumed ? ['<div class="flag">nobody consumes this topic</div>'] : []),
    ...t.missingGroups.map((g) => `<div class="flag">expected group ${escape(g)} has committed nothing</div>`),
  ].join('');
  return `<tr${t.unconsumed ? ' class="unconsumed"' : ''}>
  <td>${producers}</td>
  <td><strong>${escape(t.name)}</strong><div class="muted">${t.records} records, ${t.appendedLastMinute}/min</div>${flags}</td>
  <td>${consumers || '<span class="muted">none</span>'}</td>
  <td>${sinks}</td>
</tr>`;
}

export function renderLineagePage(view: LineageView): string {
  const unconsumed = view.topics.filter((t) => t.unconsumed).length;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="5">
<title>Stream lineage</title>
<style>
body { font: 14px system-ui, sans-serif; margin: 2em; }
table { border-collapse: collapse; width: 100%; }
th, td { border-bottom: 1px solid #ddd; padding: .5em; text-align: left; vertical-align: top; }
.muted { color: #777; font-size: 90%; }
.flag { color: #b00; font-weight: bold; }
tr.unconsumed { background: #fff3f3; }
</style></head><body>
<h1>Stream lineage</h1>
<p>${view.topics.length} topics, ${unconsumed} consumed by nobody. Rates are records in the last ${view.windowSeconds} s; lag is the
high watermark minus the committed offset, summed over partitions. JSON: <a href="/lineage.json">/lineage.json</a>.</p>
<table><thead><tr><th>producers (client id)</th><th>topic</th><th>consumer groups</th><th>sinks</th></tr></thead>
<tbody>
${view.topics.map(topicRow).join('\n')}
</tbody></table>
</body></html>
`;
}
