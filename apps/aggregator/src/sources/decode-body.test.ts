import { describe, expect, it } from 'vitest';
import { decodeFeedBody } from './decode-body.js';

const latin1 = (text: string) => Buffer.from(text, 'latin1');

describe('decodeFeedBody', () => {
  it('uses the XML declaration when HTTP names no charset', () => {
    const body = latin1('<?xml version="1.0" encoding="ISO-8859-1"?><rss><title>Fußball in Köln</title></rss>');
    expect(decodeFeedBody(body, 'application/rss+xml')).toContain('Fußball in Köln');
  });

  it('lets the HTTP charset win over the declaration', () => {
    const body = latin1('<?xml version="1.0" encoding="UTF-8"?><rss><title>Économie</title></rss>');
    expect(decodeFeedBody(body, 'text/xml; charset="windows-1252"')).toContain('Économie');
  });

  it('defaults to UTF-8, also for unknown labels', () => {
    const body = Buffer.from('<?xml version="1.0" encoding="x-klingon"?><rss><title>Último</title></rss>', 'utf8');
    expect(decodeFeedBody(body, null)).toContain('Último');
  });
});
