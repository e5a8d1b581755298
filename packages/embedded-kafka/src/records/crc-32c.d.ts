// Types for the CRC-32C entry of the `crc-32` package (it ships types only for CRC-32).
declare module 'crc-32/crc32c.js' {
  export function buf(data: Uint8Array, seed?: number): number;
}
