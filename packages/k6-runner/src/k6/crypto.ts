// "k6/crypto": hmac, the sha hashes and randomBytes, with k6's output encodings
// (hex, base64, base64url, base64rawurl, binary). createHash/createHMAC are refused.
import { createHash as nodeCreateHash, createHmac, randomBytes as nodeRandomBytes } from 'node:crypto';

type OutputEncoding = 'hex' | 'base64' | 'base64url' | 'base64rawurl' | 'binary';
const ALGORITHMS: Record<string, string> = { md5: 'md5', sha1: 'sha1', sha256: 'sha256', sha384: 'sha384', sha512: 'sha512', sha512_224: 'sha512-224', sha512_256: 'sha512-256' };

function encode(digest: Buffer, encoding: OutputEncoding): string | ArrayBuffer {
  switch (encoding) {
    case 'hex': return digest.toString('hex');
    case 'base64': return digest.toString('base64');
    case 'base64url': { const t = digest.toString('base64url'); return t + '='.repeat((4 - (t.length % 4)) % 4); }
    case 'base64rawurl': return digest.toString('base64url');
    case 'binary': return new Uint8Array(digest).buffer;
    default: throw new Error(`k6/crypto: unknown output encoding "${encoding as string}"`);
  }
}

function algorithm(name: string): string {
  const found = ALGORITHMS[name];
  if (!found) throw new Error(`k6/crypto: k6-runner does not implement the algorithm "${name}"`);
  return found;
}

const bytesOf = (input: string | ArrayBuffer) => (typeof input === 'string' ? Buffer.from(input, 'utf8') : Buffer.from(input));

export function hmac(alg: string, secret: string | ArrayBuffer, data: string | ArrayBuffer, outputEncoding: OutputEncoding): string | ArrayBuffer {
  return encode(createHmac(algorithm(alg), bytesOf(secret)).update(bytesOf(data)).digest(), outputEncoding);
}

const hash = (alg: string) => (input: string | ArrayBuffer, outputEncoding: OutputEncoding) => encode(nodeCreateHash(algorithm(alg)).update(bytesOf(input)).digest(), outputEncoding);
export const md5 = hash('md5');
export const sha1 = hash('sha1');
export const sha256 = hash('sha256');
export const sha384 = hash('sha384');
export const sha512 = hash('sha512');

export function randomBytes(size: number): ArrayBuffer {
  const bytes = nodeRandomBytes(size);
  return new Uint8Array(bytes).buffer;
}

export function createHMAC(): never {
  throw new Error('k6/crypto: k6-runner does not implement createHMAC; use hmac()');
}

export function createHash(): never {
  throw new Error('k6/crypto: k6-runner does not implement createHash; use sha256() and friends');
}

export default { hmac, md5, sha1, sha256, sha384, sha512, randomBytes, createHMAC, createHash };
