// Reader / Writer for Kafka's primitive wire types: fixed-width big-endian integers, unsigned varints
// (flexible versions), zigzag varint/varlong (record encoding), classic and compact strings, bytes and
// array counts, and tagged-field sections. Every int64 is a JS number: values beyond ±(2^53-1) throw
// instead of silently losing precision (offsets, timestamps and producer ids never get that large).

import { ErrorCode, ProtocolError } from './errors.js';

const TWO_32 = 4294967296;

function malformed(message: string): ProtocolError {
  return new ProtocolError({ code: ErrorCode.INVALID_REQUEST, message });
}

function unsafeInt64(value: number): ProtocolError {
  return new ProtocolError({
    code: ErrorCode.INVALID_REQUEST,
    message: `int64 ${value} is outside the JS safe integer range (±2^53-1)`,
  });
}

/** Sequential reader over one frame. Buffers it returns are views (subarray) of that frame. */
export class Reader {
  private off: number;

  constructor(
    private readonly buf: Buffer,
    offset = 0,
    private readonly end = buf.length,
  ) {
    this.off = offset;
  }

  get offset(): number {
    return this.off;
  }

  get remaining(): number {
    return this.end - this.off;
  }

  private take(n: number): number {
    const at = this.off;
    if (n < 0 || at + n > this.end) {
      throw malformed(`truncated: need ${n} bytes at offset ${at}, frame ends at ${this.end}`);
    }
    this.off = at + n;
    return at;
  }

  int8(): number {
    return this.buf.readInt8(this.take(1));
  }
  int16(): number {
    return this.buf.readInt16BE(this.take(2));
  }
  int32(): number {
    return this.buf.readInt32BE(this.take(4));
  }
  uint32(): number {
    return this.buf.readUInt32BE(this.take(4));
  }
  boolean(): boolean {
    return this.buf[this.take(1)] !== 0;
  }

  int64(): number {
    const at = this.take(8);
    const value = this.buf.readInt32BE(at) * TWO_32 + this.buf.readUInt32BE(at + 4);
    // Beyond 2^53 the sum above is inexact, but then it is also not a safe integer, so the check holds.
    if (!Number.isSafeInteger(value)) {
      throw unsafeInt64(Number(this.buf.readBigInt64BE(at)));
    }
    return value;
  }

  /** Unsigned LEB128 varint, at most 32 bits (counts and lengths in flexible versions). */
  uvarint(): number {
    let value = 0;
    for (let shift = 0; shift < 35; shift += 7) {
      const byte = this.buf[this.take(1)] as number;
      value += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) {
        if (value > 0xffffffff) throw malformed('unsigned varint exceeds 32 bits');
        return value;
      }
    }
    throw malformed('unsigned varint longer than 5 bytes');
  }

  /** Zigzag varint (int32), as in record bodies. */
  varint(): number {
    const raw = this.uvarint();
    return raw % 2 === 0 ? raw / 2 : -(raw + 1) / 2;
  }

  /** Zigzag varlong (int64), limited to the safe integer range. */
  varlong(): number {
    const start = this.off;
    let raw = 0;
    // Up to 7 bytes (< 2^49) number arithmetic is exact: the common case (timestamp deltas).
    for (let shift = 0; shift < 49; shift += 7) {
      const byte = this.buf[this.take(1)] as number;
      raw += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) return raw % 2 === 0 ? raw / 2 : -(raw + 1) / 2;
    }
    // Longer encodings: redo with BigInt, since odd zigzag values above 2^53 are not representable.
    this.off = start;
    let big = 0n;
    for (let shift = 0n; shift < 70n; shift += 7n) {
      const byte = this.buf[this.take(1)] as number;
      big |= BigInt(byte & 0x7f) << shift;
      if (byte < 0x80) {
        const value = Number(big & 1n ? -((big + 1n) >> 1n) : big >> 1n);
        if (!Number.isSafeInteger(value)) throw unsafeInt64(value);
        return value;
      }
    }
    throw malformed('varlong longer than 10 bytes');
  }

  /** Reads `n` raw bytes as a view into the frame. */
  raw(n: number): Buffer {
    const at = this.take(n);
    return this.buf.subarray(at, at + n);
  }

  private utf8(n: number): string {
    const at = this.take(n);
    return this.buf.toString('utf8', at, at + n);
  }

  /** int16 length; -1 means null. */
  nullableString(): string | null {
    const n = this.int16();
    return n < 0 ? null : this.utf8(n);
  }
  /** uvarint length + 1; 0 means null. */
  compactNullableString(): string | null {
    const n = this.uvarint() - 1;
    return n < 0 ? null : this.utf8(n);
  }
  /** int32 length; -1 means null. */
  nullableBytes(): Buffer | null {
    const n = this.int32();
    return n < 0 ? null : this.raw(n);
  }
  compactNullableBytes(): Buffer | null {
    const n = this.uvarint() - 1;
    return n < 0 ? null : this.raw(n);
  }
  /** Element count of a classic array; -1 (null) comes back as -1. */
  arrayLength(): number {
    return this.int32();
  }
  /** Element count of a compact array; null comes back as -1. */
  compactArrayLength(): number {
    return this.uvarint() - 1;
  }

  /** Skips a tagged-field section: this codec defines no tagged fields, so every tag is unknown. */
  skipTaggedFields(): void {
    const count = this.uvarint();
    for (let i = 0; i < count; i++) {
      this.uvarint(); // tag
      this.take(this.uvarint());
    }
  }
}

/**
 * Growable big-endian writer. The buffer doubles when full, so encoding a large Fetch response costs
 * O(log n) reallocations instead of a Buffer.concat per field.
 */
export class Writer {
  private buf: Buffer;
  private off = 0;

  constructor(initialCapacity = 256) {
    this.buf = Buffer.allocUnsafe(Math.max(16, initialCapacity));
  }

  get length(): number {
    return this.off;
  }

  private room(n: number): number {
    const at = this.off;
    if (at + n > this.buf.length) {
      let size = this.buf.length * 2;
      while (size < at + n) size *= 2;
      const next = Buffer.allocUnsafe(size);
      this.buf.copy(next, 0, 0, at);
      this.buf = next;
    }
    this.off = at + n;
    return at;
  }

  int8(v: number): this {
    const at = this.room(1);
    this.buf.writeInt8(v, at);
    return this;
  }
  int16(v: number): this {
    const at = this.room(2);
    this.buf.writeInt16BE(v, at);
    return this;
  }
  int32(v: number): this {
    const at = this.room(4);
    this.buf.writeInt32BE(v, at);
    return this;
  }
  uint32(v: number): this {
    const at = this.room(4);
    this.buf.writeUInt32BE(v, at);
    return this;
  }
  boolean(v: boolean): this {
    const at = this.room(1);
    this.buf[at] = v ? 1 : 0;
    return this;
  }

  int64(v: number): this {
    if (!Number.isSafeInteger(v)) throw unsafeInt64(v);
    const hi = Math.floor(v / TWO_32);
    const at = this.room(8);
    this.buf.writeInt32BE(hi, at);
    this.buf.writeUInt32BE(v - hi * TWO_32, at + 4);
    return this;
  }

  uvarint(v: number): this {
    if (!Number.isInteger(v) || v < 0 || v > 0xffffffff) {
      throw malformed(`unsigned varint out of range: ${v}`);
    }
    return this.uvarlong(v);
  }

  // Arithmetic instead of bit operators: they would truncate to 32 bits.
  private uvarlong(v: number): this {
    while (v >= 0x80) {
      const at = this.room(1);
      this.buf[at] = (v % 0x80) | 0x80;
      v = Math.floor(v / 0x80);
    }
    const at = this.room(1);
    this.buf[at] = v;
    return this;
  }

  varint(v: number): this {
    if (!Number.isInteger(v) || v < -0x80000000 || v > 0x7fffffff) {
      throw malformed(`varint out of int32 range: ${v}`);
    }
    return this.uvarlong(v >= 0 ? v * 2 : -v * 2 - 1);
  }

  varlong(v: number): this {
    if (!Number.isSafeInteger(v)) throw unsafeInt64(v);
    if (Math.abs(v) < 2 ** 52) return this.uvarlong(v >= 0 ? v * 2 : -v * 2 - 1);
    // The zigzag value would exceed 2^53 and lose its low bit as a number.
    let z = v >= 0 ? BigInt(v) << 1n : (-BigInt(v) << 1n) - 1n;
    while (z >= 0x80n) {
      const at = this.room(1);
      this.buf[at] = Number(z & 0x7fn) | 0x80;
      z >>= 7n;
    }
    const at = this.room(1);
    this.buf[at] = Number(z);
    return this;
  }

  raw(bytes: Uint8Array): this {
    const at = this.room(bytes.length);
    this.buf.set(bytes, at);
    return this;
  }

  private utf8(s: string, len: number): void {
    const at = this.room(len);
    this.buf.write(s, at, len, 'utf8');
  }

  nullableString(s: string | null): this {
    if (s === null) return this.int16(-1);
    const len = Buffer.byteLength(s, 'utf8');
    if (len > 0x7fff) throw malformed(`string of ${len} bytes exceeds int16 length`);
    this.int16(len);
    this.utf8(s, len);
    return this;
  }
  compactNullableString(s: string | null): this {
    if (s === null) return this.uvarint(0);
    const len = Buffer.byteLength(s, 'utf8');
    this.uvarint(len + 1);
    this.utf8(s, len);
    return this;
  }
  nullableBytes(b: Uint8Array | null): this {
    if (b === null) return this.int32(-1);
    return this.int32(b.length).raw(b);
  }
  compactNullableBytes(b: Uint8Array | null): this {
    if (b === null) return this.uvarint(0);
    return this.uvarint(b.length + 1).raw(b);
  }
  /** Classic array count; pass -1 for a null array. */
  arrayLength(n: number): this {
    return this.int32(n);
  }
  /** Compact array count; pass -1 for a null array. */
  compactArrayLength(n: number): this {
    return this.uvarint(n + 1);
  }
  /** An empty tagged-field section. */
  emptyTaggedFields(): this {
    return this.uvarint(0);
  }

  /** Overwrites an int32 written earlier, e.g. a frame size reserved with int32(0). */
  patchInt32(at: number, v: number): this {
    this.buf.writeInt32BE(v, at);
    return this;
  }

  /** The bytes written so far, as a view (no copy). The writer must not be reused afterwards. */
  finish(): Buffer {
    return this.buf.subarray(0, this.off);
  }
}
