// PostgreSQL log sequence numbers ("16/B374D848") as bigint, so positions compare and subtract
// exactly (a 64-bit LSN does not fit a double).
export type Lsn = bigint;

export function parseLsn(text: string): Lsn {
  const match = /^([0-9A-Fa-f]{1,8})\/([0-9A-Fa-f]{1,8})$/.exec(text);
  if (!match) throw new Error(`not an LSN: ${JSON.stringify(text)}`);
  return (BigInt(`0x${match[1]}`) << 32n) | BigInt(`0x${match[2]}`);
}

export function formatLsn(lsn: Lsn): string {
  const high = (lsn >> 32n).toString(16).toUpperCase();
  const low = (lsn & 0xffff_ffffn).toString(16).toUpperCase();
  return `${high}/${low}`;
}
