import { describe, expect, it } from 'vitest';
import { firstImageSrc, htmlDepth, htmlToPlainText, MAX_HTML_DEPTH, truncate } from './html-text.js';

describe('htmlToPlainText', () => {
  it('strips tags, decodes entities and collapses whitespace', () => {
    expect(htmlToPlainText('<p>Tide rose 1.4&nbsp;metres &amp; <strong>ferries</strong>\n\n stopped.</p>'))
      .toBe('Tide rose 1.4 metres & ferries stopped.');
  });

  it('keeps the publisher\'s case in headings and drops images, scripts and link targets', () => {
    const html = '<h2>Storm Update</h2><p>See <a href="https://x.example/map">the map</a></p><img src="https://i.example/a.jpg" alt="A"><script>track()</script>';
    expect(htmlToPlainText(html)).toBe('Storm Update See the map');
  });

  it('leaves plain text alone', () => {
    expect(htmlToPlainText('  Bayern 2:1 Dortmund  ')).toBe('Bayern 2:1 Dortmund');
  });

  it('refuses HTML nested deeper than MAX_HTML_DEPTH without recursing (3,000 <b> overflowed html-to-text)', () => {
    expect(htmlDepth('<ul><li>a<li>b</ul><p>x<br>y<img src=z></p>')).toBe(2);
    expect(htmlToPlainText(`${'<b>'.repeat(MAX_HTML_DEPTH)}ok`)).toBe('ok');
    expect(htmlToPlainText(`${'<b>'.repeat(MAX_HTML_DEPTH + 1)}too deep`)).toBeUndefined();
    expect(htmlToPlainText(`${'<b>'.repeat(100_000)}too deep`)).toBeUndefined();
  });

  it('drops control characters and replaces unpaired surrogates, from text and from decoded entities', () => {
    expect(htmlToPlainText('a\u0000b\u0007 c\u001b\u0085d\u009f')).toBe('ab c d');
    expect(htmlToPlainText('x\ud800y')).toBe('x\ufffdy');
    expect(htmlToPlainText('<p>x &#xD800; y &#0; z</p>')).toBe('x \ufffd y \ufffd z');
  });
});

describe('truncate', () => {
  it('cuts at a word boundary and marks the cut', () => {
    const text = 'The council approved the tidal barrage after a decade of debate';
    const cut = truncate(text, 30);
    expect(cut.length).toBeLessThanOrEqual(30);
    expect(cut).toBe('The council approved the…');
  });

  it('returns short text unchanged', () => {
    expect(truncate('short', 30)).toBe('short');
  });

  it('counts UTF-16 units as the contract does, and never cuts a grapheme', () => {
    const emoji = truncate('😀'.repeat(211), 300);
    expect(emoji.length).toBeLessThanOrEqual(300);
    expect(emoji).toBe(`${'😀'.repeat(149)}…`);
    const flags = truncate('🇫🇷'.repeat(10), 9);
    expect(flags).toBe('🇫🇷🇫🇷…');
    expect(truncate(`${'e\u0301'.repeat(10)}`, 5)).toBe('e\u0301e\u0301…');
  });
});

describe('firstImageSrc', () => {
  it('finds the first img src', () => {
    expect(firstImageSrc('<p>x</p><img alt="" src="a.jpg"><img src="b.jpg">')).toBe('a.jpg');
    expect(firstImageSrc('<p>no image</p>')).toBeUndefined();
  });
});
