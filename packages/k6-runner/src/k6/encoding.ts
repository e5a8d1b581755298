// "k6/encoding": base64 in k6's four variants (std, rawstd, url, rawurl).
type Variant = 'std' | 'rawstd' | 'url' | 'rawurl';

export function b64encode(input: string | ArrayBuffer, encoding: Variant = 'std'): string {
  const bytes = typeof input === 'string' ? Buffer.from(input, 'utf8') : Buffer.from(input);
  const url = encoding === 'url' || encoding === 'rawurl';
  let text = bytes.toString(url ? 'base64url' : 'base64');
  if (encoding === 'url') text += '='.repeat((4 - (text.length % 4)) % 4);
  if (encoding === 'rawstd') text = text.replace(/=+$/, '');
  if (!['std', 'rawstd', 'url', 'rawurl'].includes(encoding)) throw new Error(`b64encode: unknown encoding "${encoding}"`);
  return text;
}

export function b64decode(input: string, encoding: Variant = 'std', format?: 's'): ArrayBuffer | string {
  if (!['std', 'rawstd', 'url', 'rawurl'].includes(encoding)) throw new Error(`b64decode: unknown encoding "${encoding}"`);
  const bytes = Buffer.from(input, encoding === 'url' || encoding === 'rawurl' ? 'base64url' : 'base64');
  if (format === 's') return bytes.toString('utf8');
  if (format !== undefined) throw new Error(`b64decode: unknown format "${format}"`);
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
}

export default { b64encode, b64decode };
