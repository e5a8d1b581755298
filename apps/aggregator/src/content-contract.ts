// The one place the aggregator touches the ContentItem contract, so a contract change shows up
// here first. Everything published goes through `checkContentItem` before it leaves the process.
import { validators } from '@tessera/contracts/validation';
import type { ContentItem, ContentKind, ContentPriority } from '@tessera/contracts/schemas/content-item';

export { CONTENT_KINDS, CONTENT_PRIORITIES } from '@tessera/contracts/schemas/content-item';
export type { ContentItem, ContentKind, ContentPriority };

/** Empty when the item is a valid content.v1 value; otherwise "path: message" lines. */
export function contentItemProblems(item: unknown): string[] {
  const validator = validators.ContentItem;
  if (validator.check(item)) return [];
  return validator.issues(item).map((issue) => `${issue.path || '/'}: ${issue.message}`);
}
