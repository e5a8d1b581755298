// BENCHMARKS.md holds the peers report (run.ts, regenerated whole) and the Apache Kafka comparison
// (vs-apache.ts) in a marked section; each writer replaces only its own part, so running one
// benchmark never erases the other's figures.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

const START = '<!-- apache-comparison:start -->';
const END = '<!-- apache-comparison:end -->';

function split(text: string): { main: string; section: string } {
  const a = text.indexOf(START);
  const b = text.indexOf(END);
  if (a < 0 || b < a) return { main: text, section: '' };
  return { main: text.slice(0, a).trimEnd() + '\n', section: text.slice(a, b + END.length) };
}

const read = (file: string): string => (existsSync(file) ? readFileSync(file, 'utf8') : '');

/** Writes the peers report, keeping the Apache Kafka comparison section already in the file. */
export function writeMain(file: string, main: string): void {
  const { section } = split(read(file));
  writeFileSync(file, section ? `${main.trimEnd()}\n\n${section}\n` : main);
}

/** Replaces (or appends) the Apache Kafka comparison section, keeping the rest of the file. */
export function writeApacheSection(file: string, markdown: string): void {
  const { main } = split(read(file));
  writeFileSync(file, `${main.trimEnd()}\n\n${START}\n${markdown.trim()}\n${END}\n`);
}
