// The demo feeds are written as of one instant (DEMO_EPOCH). Served as they are, their news
// would have expired long before anyone runs the demo, so the demo feed server shifts every
// date in them by (now - DEMO_EPOCH). Tests serve them unshifted with a clock at DEMO_EPOCH.
export const DEMO_EPOCH = Date.parse('2026-11-22T09:00:00Z');

const RSS_DATE = /<(pubDate|lastBuildDate|dc:date)>([^<]+)<\/\1>/g;
const ATOM_DATE = /<(published|updated)>([^<]+)<\/\1>/g;

export function rebaseFeedDates(xml: string, now: number): string {
  const shift = now - DEMO_EPOCH;
  const move = (text: string, format: (d: Date) => string) => {
    const ms = Date.parse(text);
    return Number.isFinite(ms) ? format(new Date(ms + shift)) : text;
  };
  return xml
    .replace(RSS_DATE, (_m, tag: string, text: string) => `<${tag}>${move(text, (d) => d.toUTCString())}</${tag}>`)
    .replace(ATOM_DATE, (_m, tag: string, text: string) => `<${tag}>${move(text, (d) => d.toISOString())}</${tag}>`);
}
