// The freshness chart: latency against percentile (a distribution plot, log-scaled latency) for
// each measured rate, with the broker round trip (the floor) of the same rate dashed in the same
// colour. A plain SVG written by hand: no plotting dependency for one chart.
export interface Series {
  readonly label: string;
  readonly colour: string;
  readonly dashed: boolean;
  /** Sorted latencies in ms. */
  readonly values: readonly number[];
}

const W = 720;
const H = 420;
const M = { left: 70, right: 20, top: 40, bottom: 50 };

export function latencyChart(title: string, series: readonly Series[]): string {
  const all = series.flatMap((s) => s.values).filter((v) => v > 0);
  const lo = Math.max(0.1, Math.min(...all, 1));
  const hi = Math.max(...all, 10);
  const decades = { from: Math.floor(Math.log10(lo)), to: Math.ceil(Math.log10(hi)) };
  const x = (p: number) => M.left + (p / 100) * (W - M.left - M.right);
  const y = (ms: number) => {
    const t = (Math.log10(Math.max(ms, lo)) - decades.from) / (decades.to - decades.from);
    return H - M.bottom - t * (H - M.top - M.bottom);
  };
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    `<text x="${W / 2}" y="22" text-anchor="middle" font-size="14">${escape(title)}</text>`,
  ];
  for (let d = decades.from; d <= decades.to; d += 1) {
    const ms = 10 ** d;
    parts.push(`<line x1="${M.left}" x2="${W - M.right}" y1="${y(ms)}" y2="${y(ms)}" stroke="#ddd"/>`,
      `<text x="${M.left - 6}" y="${y(ms) + 4}" text-anchor="end">${ms >= 1 ? ms : ms.toFixed(1)} ms</text>`);
  }
  for (const p of [0, 25, 50, 75, 90, 99, 100]) {
    parts.push(`<line x1="${x(p)}" x2="${x(p)}" y1="${M.top}" y2="${H - M.bottom}" stroke="#eee"/>`,
      `<text x="${x(p)}" y="${H - M.bottom + 16}" text-anchor="middle">p${p}</text>`);
  }
  parts.push(`<text x="${W / 2}" y="${H - 10}" text-anchor="middle">percentile of interactions</text>`);
  series.forEach((s, i) => {
    const n = s.values.length;
    if (n === 0) return;
    const steps = Math.min(n, 400);
    const points = Array.from({ length: steps }, (_, k) => {
      const p = steps === 1 ? 100 : (k / (steps - 1)) * 100;
      const v = s.values[Math.min(n - 1, Math.round((p / 100) * (n - 1)))]!;
      return `${x(p).toFixed(1)},${y(v).toFixed(1)}`;
    });
    parts.push(`<polyline fill="none" stroke="${s.colour}" stroke-width="2"${s.dashed ? ' stroke-dasharray="6 4"' : ''} points="${points.join(' ')}"/>`,
      `<line x1="${M.left + 10}" x2="${M.left + 40}" y1="${M.top + 10 + i * 16}" y2="${M.top + 10 + i * 16}" stroke="${s.colour}" stroke-width="2"${s.dashed ? ' stroke-dasharray="6 4"' : ''}/>`,
      `<text x="${M.left + 46}" y="${M.top + 14 + i * 16}">${escape(s.label)}</text>`);
  });
  parts.push('</svg>');
  return parts.join('\n') + '\n';
}

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
