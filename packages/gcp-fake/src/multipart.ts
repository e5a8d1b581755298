// multipart/related parsing for GCS "uploadType=multipart" uploads: part 1 is the object's JSON
// metadata, part 2 the object bytes. Bytes are kept as a Buffer (gzip bodies are binary).

export interface MultipartPart {
  headers: Record<string, string>;
  body: Buffer;
}

export function boundaryOf(contentType: string | undefined): string | undefined {
  const match = /boundary="?([^";]+)"?/i.exec(contentType ?? '');
  return match?.[1];
}

export function parseMultipart(body: Buffer, boundary: string): MultipartPart[] {
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: MultipartPart[] = [];
  let start = body.indexOf(delimiter);
  while (start !== -1) {
    let partStart = start + delimiter.length;
    // "--boundary--" closes the message.
    if (body.subarray(partStart, partStart + 2).toString() === '--') break;
    if (body.subarray(partStart, partStart + 2).toString() === '\r\n') partStart += 2;
    const next = body.indexOf(delimiter, partStart);
    if (next === -1) break;
    // The CRLF before the next delimiter belongs to the delimiter, not the body.
    const partEnd = body.subarray(next - 2, next).toString() === '\r\n' ? next - 2 : next;
    parts.push(splitPart(body.subarray(partStart, partEnd)));
    start = next;
  }
  return parts;
}

function splitPart(part: Buffer): MultipartPart {
  const separator = part.indexOf('\r\n\r\n');
  const head = separator === -1 ? '' : part.subarray(0, separator).toString('utf8');
  const headers: Record<string, string> = {};
  for (const line of head.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { headers, body: separator === -1 ? part : part.subarray(separator + 4) };
}
