// Owns hiding credentials embedded in connection URLs (redis://:pw@host, postgres://u:pw@host).
// URL-kind variables are not marked secret, yet they often carry one, so every place that prints
// a URL value (start-up log, config errors) passes it through here first.

const MASK = '***';

/** Replaces the password part of a URL's userinfo; works on malformed URLs too (best effort). */
export function maskUrlCredentials(text: string): string {
  try {
    const url = new URL(text);
    if (url.password === '') return text;
    url.password = MASK;
    return url.toString();
  } catch {
    // Unparseable: anything between the scheme (or start) and the last '@' may be a secret.
    const at = text.lastIndexOf('@');
    if (at < 0) return text;
    const scheme = text.indexOf('//');
    const start = scheme >= 0 && scheme < at ? scheme + 2 : 0;
    return `${text.slice(0, start)}${MASK}${text.slice(at)}`;
  }
}
