// Which archived records belong to the users being erased. A record is theirs when its key is the
// user id (every per-user topic and users.v1 are keyed by it; a dead letter keeps the original
// key), when its decoded value names the user (`userId` of profiles, beacons, interactions and
// feeds), when a dead letter's original key is the user, or when raw bytes the archive kept
// undecoded (a refused value, a dead letter's original value, a line that is not an archive
// line) contain the id as a JSON string. The id is matched whole (`"u-1"` never matches `"u-12"`),
// so nobody else's records are touched.
import type { ArchivedLine } from '@tessera/archive/line';

export interface SubjectMatcher {
  /** The user id a line belongs to, if it belongs to one of the subjects. */
  ownerOf(line: ArchivedLine): string | undefined;
  /** The user id a raw text (a line that did not parse, a quarantined line) mentions, if any. */
  mentionedIn(text: string): string | undefined;
}

export function subjectMatcher(userIds: readonly string[]): SubjectMatcher {
  const ids = new Set(userIds);
  const quoted = userIds.map((id) => [id, JSON.stringify(id)] as const);
  const mentionedIn = (text: string): string | undefined => quoted.find(([, q]) => text.includes(q))?.[0];
  const fromBase64 = (b64: unknown): string | undefined =>
    typeof b64 === 'string' ? Buffer.from(b64, 'base64').toString('utf8') : undefined;
  const exact = (text: string | undefined | null): string | undefined => (text != null && ids.has(text) ? text : undefined);

  return {
    mentionedIn,
    ownerOf(line) {
      const byKey = exact(line.key) ?? exact(fromBase64(line.keyBase64));
      if (byKey) return byKey;
      const value = line.value;
      if (value) {
        const byValue = exact(typeof value.userId === 'string' ? value.userId : undefined);
        if (byValue) return byValue;
        // A dead letter: the original record's key and value, base64.
        const original = exact(fromBase64(value.key)) ?? mentionedIn(fromBase64(value.value) ?? '');
        if (original && typeof value.source === 'object') return original;
      }
      return line.valueBase64 === null ? undefined : mentionedIn(fromBase64(line.valueBase64) ?? '');
    },
  };
}
