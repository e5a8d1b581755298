// Owns: the zigzag varints used inside records (protobuf sint32/sint64 style). Not the unsigned
// varints of flexible protocol versions. Arithmetic instead of bit ops so values up to 2^53 work.

export class VarReader {
  constructor(
    readonly buf: Buffer,
    public at = 0,
  ) {}

  /** Zigzag varint/varlong as a JS number; throws RangeError on truncation or > 10 bytes. */
  varint(): number {
    let raw = 0;
    let mul = 1;
    for (let i = 0; i < 10; i++) {
      if (this.at >= this.buf.length) throw new RangeError('truncated varint');
      const b = this.buf[this.at++]!;
      raw += (b & 0x7f) * mul;
      if ((b & 0x80) === 0) return raw % 2 === 0 ? raw / 2 : -(raw + 1) / 2;
      mul *= 128;
    }
    throw new RangeError('varint longer than 10 bytes');
  }

  int8(): number {
    if (this.at >= this.buf.length) throw new RangeError('truncated record');
    return this.buf.readInt8(this.at++);
  }

  /** Varint-length-prefixed bytes; -1 means null. Returns a view. */
  bytes(): Buffer | null {
    const len = this.varint();
    if (len < 0) return null;
    if (this.at + len > this.buf.length) throw new RangeError('truncated bytes');
    const out = this.buf.subarray(this.at, this.at + len);
    this.at += len;
    return out;
  }
}

export function zigzag(n: number): number {
  return n >= 0 ? n * 2 : -n * 2 - 1;
}

export function varintSize(n: number): number {
  let raw = zigzag(n);
  let size = 1;
  while (raw >= 128) {
    raw = Math.floor(raw / 128);
    size++;
  }
  return size;
}

/** Writes `n` zigzag-encoded at `at`; returns the position after it. */
export function writeVarint(buf: Buffer, at: number, n: number): number {
  let raw = zigzag(n);
  while (raw >= 128) {
    buf[at++] = (raw % 128) | 0x80;
    raw = Math.floor(raw / 128);
  }
  buf[at++] = raw;
  return at;
}
