// Turns feed HTML into the plain text a lock-screen card can show (html-to-text), bounded in
// length at a word boundary, and finds the first image of an HTML fragment (htmlparser2).
import { compile } from 'html-to-text';
import { Parser } from 'htmlparser2';

const HEADINGS = ['h1', 'h2', 'h3', 'h4', 'h5', 'h6'].map((selector) => ({
  selector,
  // html-to-text shouts headings by default; a card title must keep the publisher's case.
  options: { uppercase: false, leadingLineBreaks: 1, trailingLineBreaks: 1 },
}));

// Compiled once: html-to-text builds its selector tree per options object.
const convert = compile({
  wordwrap: false,
  decodeEntities: true,
  selectors: [
    { selector: 'a', options: { ignoreHref: true } },
    { selector: 'img', format: 'skip' },
    { selector: 'figure', format: 'skip' },
    { selector: 'script', format: 'skip' },
    { selector: 'style', format: 'skip' },
    { selector: 'table', format: 'block' },
    ...HEADINGS,
  ],
});

/** Plain text of an HTML fragment: tags removed, entities decoded, whitespace collapsed. */
export function htmlToPlainText(html: string): string {
  // Text without markup or entities is the common case for titles; skip the parser for it.
  const text = /[<&]/.test(html) ? convert(html) : html;
  return text.replace(/\s+/g, ' ').trim();
}

/** Cuts text to at most `max` characters, at a word boundary when one is near, marking the cut. */
export function truncate(text: string, max: number): string {
  const chars = [...text];
  if (chars.length <= max) return text;
  const head = chars.slice(0, max - 1).join('');
  const lastSpace = head.lastIndexOf(' ');
  const cut = lastSpace > max * 0.6 ? head.slice(0, lastSpace) : head;
  return `${cut.replace(/[\s,;:.–—-]+$/u, '')}…`;
}

/** The src of the first <img> in the fragment, resolved against `base`, if any. */
export function firstImageSrc(html: string): string | undefined {
  if (!html.includes('<img')) return undefined;
  let src: string | undefined;
  const parser = new Parser({
    onopentag(name, attributes) {
      if (src === undefined && name === 'img' && attributes.src) src = attributes.src;
    },
  });
  parser.end(html);
  return src;
}
