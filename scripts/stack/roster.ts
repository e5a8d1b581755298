// Which parts of the architecture the local stack runs today. An app joins the roster when its
// Kafka wiring has landed; until then `npm start` names it as pending so nobody is misled.
export interface RosterEntry {
  readonly name: string;
  readonly status: 'running' | 'pending';
  readonly note: string;
}

export const ROSTER: readonly RosterEntry[] = [
  { name: 'embedded-kafka', status: 'running', note: 'broker + every topic of packages/contracts' },
  { name: 'aggregator', status: 'running', note: 'demo feeds + push API -> content.v1' },
  { name: 'beacon', status: 'pending', note: 'issue 4' },
  { name: 'clicks-tracker', status: 'pending', note: 'issue 4' },
  { name: 'users-cdc', status: 'pending', note: 'issue 4' },
  { name: 'archiver', status: 'pending', note: 'issue 6' },
  { name: 'warehouse', status: 'pending', note: 'issue 6' },
  { name: 'recommender', status: 'pending', note: 'not started' },
  { name: 'delivery', status: 'pending', note: 'not started' },
  { name: 'trainer', status: 'pending', note: 'not started' },
];
