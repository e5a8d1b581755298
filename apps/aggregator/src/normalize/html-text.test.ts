import { describe, expect, it } from 'vitest';
import { firstImageSrc, htmlToPlainText, truncate } from './html-text.js';

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
});

describe('truncate', () => {
  it('cuts at a word boundary and marks the cut', () => {
    const text = 'The council approved the tidal barrage after a decade of debate';
    const cut = truncate(text, 30);
    expect([...cut].length).toBeLessThanOrEqual(30);
    expect(cut).toBe('The council approved the…');
  });

  it('returns short text unchanged', () => {
    expect(truncate('short', 30)).toBe('short');
  });
});

describe('firstImageSrc', () => {
  it('finds the first img src', () => {
    expect(firstImageSrc('<p>x</p><img alt="" src="a.jpg"><img src="b.jpg">')).toBe('a.jpg');
    expect(firstImageSrc('<p>no image</p>')).toBeUndefined();
  });
});
