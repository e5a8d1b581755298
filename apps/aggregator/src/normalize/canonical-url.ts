// Canonical form of an item URL, which is also its identity (contentId is derived from it): the
// same article linked from two feeds, one with campaign parameters, must come out identical.
// Only changes that cannot change what the server returns are made.

// Parameters that only attribute a click (campaign, referrer, click ids) — never content.
const TRACKING_PARAMS = new Set([
  'fbclid', 'gclid', 'gclsrc', 'dclid', 'msclkid', 'yclid', 'twclid', 'igshid', 'mc_cid', 'mc_eid',
  'mkt_tok', '_ga', '_gl', 'ocid', 'cmpid', 'ito', 'ref_src', 'ref_url', 'spm', 'share', 'at_medium', 'at_campaign',
]);
const TRACKING_PREFIXES = ['utm_', 'pk_', 'mtm_', 'hsa_', 'oly_', 'vero_', 'at_'];

export function isTrackingParam(name: string): boolean {
  const lower = name.toLowerCase();
  return TRACKING_PARAMS.has(lower) || TRACKING_PREFIXES.some((p) => lower.startsWith(p));
}

/**
 * Returns the canonical URL, or undefined when the input is not an absolute http(s) URL.
 * Lowercases scheme and host (the URL parser does), drops the default port, the fragment and
 * tracking parameters, sorts the remaining parameters (order never selects content on the sites
 * we read, and sorting makes reordered links equal) and removes a bare trailing "?".
 */
export function canonicalUrl(input: string, base?: string): string | undefined {
  let url: URL;
  try {
    url = new URL(input.trim(), base);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  url.hash = '';
  url.username = '';
  url.password = '';
  const kept = [...url.searchParams].filter(([name]) => !isTrackingParam(name));
  kept.sort(([a, av], [b, bv]) => (a === b ? compare(av, bv) : compare(a, b)));
  url.search = new URLSearchParams(kept).toString();
  return url.href;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
