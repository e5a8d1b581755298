// Which parts of the architecture the local stack runs, as `npm start` prints them. Each part of
// the stack reports its own entries when it starts (running, or pending with the reason).
export interface RosterEntry {
  readonly name: string;
  readonly status: 'running' | 'pending';
  readonly note: string;
}

/** What a started part of the stack contributes to the summary. */
export interface StackPart {
  readonly roster: readonly RosterEntry[];
  /** Lines with URLs, already indented, e.g. `  beacon            http://…`. */
  readonly lines: readonly string[];
}

/** `  label             text`: the summary's column layout. */
export function line(label: string, text: string): string {
  return `  ${label.padEnd(18)}${text}`;
}

export function formatRoster(entries: readonly RosterEntry[]): string[] {
  return entries.map((e) => `  ${e.status === 'running' ? '●' : '○'} ${e.name.padEnd(16)} ${e.status.padEnd(8)} ${e.note}`);
}
