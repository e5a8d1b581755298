// What the simulated population experienced, per A/B arm (the feed's `arm`; "none" when a feed
// carries none): cards shown, clicks, likes, shares, dismissals, and the CTR (clicks per
// impression). This is the user's side of the A/B test: the model arm should earn more clicks
// from the same people than the windowed-popularity arm.
export interface ArmCounts {
  impressions: number;
  clicks: number;
  likes: number;
  shares: number;
  dismissals: number;
}

export interface ArmReport extends Readonly<ArmCounts> {
  readonly arm: string;
  /** clicks / impressions; 0 without impressions. */
  readonly ctr: number;
}

export interface ArmStats {
  count(arm: string, outcome: { click: boolean; like: boolean; share: boolean; dismiss: boolean }): void;
  report(): ArmReport[];
}

export function createArmStats(): ArmStats {
  const arms = new Map<string, ArmCounts>();
  return {
    count(arm, outcome) {
      let counts = arms.get(arm);
      if (!counts) arms.set(arm, (counts = { impressions: 0, clicks: 0, likes: 0, shares: 0, dismissals: 0 }));
      counts.impressions += 1;
      if (outcome.click) counts.clicks += 1;
      if (outcome.like) counts.likes += 1;
      if (outcome.share) counts.shares += 1;
      if (outcome.dismiss) counts.dismissals += 1;
    },
    report() {
      return [...arms.entries()].sort(([a], [b]) => a.localeCompare(b))
        .map(([arm, c]) => ({ arm, ...c, ctr: c.impressions === 0 ? 0 : c.clicks / c.impressions }));
    },
  };
}

/** One line per arm, and the model arm's CTR relative to the popularity arm's when both exist. */
export function formatArmReport(report: readonly ArmReport[]): string {
  const lines = report.map((r) => `${r.arm}: ${r.impressions} impressions, ${r.clicks} clicks (CTR ${(r.ctr * 100).toFixed(2)} %), ${r.likes} likes, ${r.shares} shares, ${r.dismissals} dismissals`);
  const model = report.find((r) => r.arm === 'model');
  const popularity = report.find((r) => r.arm === 'popularity');
  if (model && popularity && popularity.ctr > 0) lines.push(`model arm CTR / popularity arm CTR = ${(model.ctr / popularity.ctr).toFixed(2)}`);
  return lines.join('\n');
}
