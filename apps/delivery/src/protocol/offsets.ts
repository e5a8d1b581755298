// Resume offsets: the id Redis gives each entry of a user's pushes stream ("<ms>-<seq>"). They
// grow with every change to the user's state, across all nodes, because one Redis stream per
// user assigns them. Comparison is numeric on both parts (string order would put "9-0" after
// "10-0").

const OFFSET = /^(\d{1,15})-(\d{1,15})$/;

export function isOffset(value: string): boolean {
  return OFFSET.test(value);
}

/** Negative when a < b, 0 when equal, positive when a > b. Both must satisfy isOffset. */
export function compareOffsets(a: string, b: string): number {
  const ma = OFFSET.exec(a);
  const mb = OFFSET.exec(b);
  if (!ma || !mb) throw new Error(`not offsets: ${a}, ${b}`);
  const d = Number(ma[1]) - Number(mb[1]);
  return d !== 0 ? Math.sign(d) : Math.sign(Number(ma[2]) - Number(mb[2]));
}

/** True when `offset` is after `than` (null = nothing yet, so everything is after it). */
export function isAfter(offset: string, than: string | null): boolean {
  return than === null || compareOffsets(offset, than) > 0;
}
