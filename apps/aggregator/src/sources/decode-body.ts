// Decodes a feed's bytes to text in the feed's own encoding. Many long-running European feeds are
// still ISO-8859-1 or windows-1252; read as UTF-8 their umlauts and accents become U+FFFD and
// language detection and keyword rules degrade. The HTTP charset wins over the XML declaration
// (RFC 7303), UTF-8 is the default, and an unknown label falls back to UTF-8.
import { TextDecoder } from 'node:util';

export function decodeFeedBody(bytes: Uint8Array, contentType: string | null): string {
  const label = charsetOf(contentType) ?? xmlDeclarationEncoding(bytes) ?? 'utf-8';
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(label);
  } catch {
    decoder = new TextDecoder('utf-8');
  }
  return decoder.decode(bytes);
}

function charsetOf(contentType: string | null): string | undefined {
  return /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType ?? '')?.[1];
}

function xmlDeclarationEncoding(bytes: Uint8Array): string | undefined {
  // The declaration is ASCII by definition, so reading the first bytes as latin1 is safe.
  const head = Buffer.from(bytes.subarray(0, 200)).toString('latin1');
  return /^(?:\uFEFF|\xEF\xBB\xBF)?<\?xml[^>]*\bencoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(head)?.[1];
}
