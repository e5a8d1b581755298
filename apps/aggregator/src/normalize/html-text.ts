// Turns feed HTML into the plain text a lock-screen card can show (html-to-text), bounded in
// length at a word and grapheme boundary, and finds the first image of an HTML fragment
// (htmlparser2). The text that comes out is card text: no control characters, no unpaired
// surrogates (a numeric XML reference like &#xD800; in a feed decodes to one), whitespace
// collapsed. HTML nested deeper than MAX_HTML_DEPTH is refused before html-to-text sees it:
// its tree walk recurses and overflowed the stack at a few thousand nested tags.
import { compile } from 'html-to-text';
import { Parser } from 'htmlparser2';

/** Deepest element nesting accepted in a title or summary; real articles stay below 20. */
export const MAX_HTML_DEPTH = 64;

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

class TooDeep extends Error {}

/**
 * How deep the fragment's elements nest, as htmlparser2 tokenizes it (no tree, no recursion),
 * counted up to `stopAbove`: past it the scan stops (htmlparser2's own bookkeeping slows down
 * with every open element, so a hostile fragment is not read to its end).
 */
export function htmlDepth(html: string, stopAbove = Number.POSITIVE_INFINITY): number {
  let depth = 0;
  let deepest = 0;
  const parser = new Parser({
    onopentag() {
      depth += 1;
      if (depth > deepest) deepest = depth;
      if (deepest > stopAbove) throw new TooDeep();
    },
    onclosetag() { depth -= 1; },
  });
  try {
    parser.end(html);
  } catch (error) {
    if (!(error instanceof TooDeep)) throw error;
  }
  return deepest;
}

// C0 and C1 controls other than the whitespace the last step collapses (tab, line breaks); NEL
// (U+0085) is a line break that JavaScript's \s does not match, so it becomes a space.
const CONTROL = /[\u0000-\u0008\u000e-\u001f\u007f-\u0084\u0086-\u009f]/g;

/**
 * Plain text of an HTML fragment: tags removed, entities decoded, control characters dropped,
 * unpaired surrogates replaced by U+FFFD, whitespace collapsed. Undefined when the HTML nests
 * deeper than MAX_HTML_DEPTH.
 */
export function htmlToPlainText(html: string): string | undefined {
  let text = html;
  // Text without markup or entities is the common case for titles; skip the parser for it.
  if (/[<&]/.test(html)) {
    if (html.includes('<') && htmlDepth(html, MAX_HTML_DEPTH) > MAX_HTML_DEPTH) return undefined;
    text = convert(html);
  }
  return text.replace(CONTROL, '').replaceAll('\u0085', ' ').toWellFormed().replace(/\s+/g, ' ').trim();
}

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/**
 * Cuts text to at most `max` UTF-16 code units (how the contract's maxLength counts: an emoji is
 * two), at a word boundary when one is near, never inside a grapheme (an emoji, a flag, a letter
 * with its accents), marking the cut.
 */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let head = '';
  // The ellipsis takes one unit.
  for (const { segment } of graphemes.segment(text)) {
    if (head.length + segment.length > max - 1) break;
    head += segment;
  }
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
