// Text folding for rule matching: case, accents and punctuation must not decide whether
// "Fußball", "FUSSBALL" or "fussball," match the same rule.

/** Lowercase, accents removed, ß -> ss, everything but letters and digits turned into spaces. */
export function fold(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Folded text padded with spaces, so ` phrase ` matches whole words only. */
export function foldForSearch(text: string): string {
  return ` ${fold(text)} `;
}

/** True when the folded phrase occurs as whole words in text prepared by foldForSearch. */
export function containsPhrase(padded: string, foldedPhrase: string): boolean {
  return foldedPhrase !== '' && padded.includes(` ${foldedPhrase} `);
}
