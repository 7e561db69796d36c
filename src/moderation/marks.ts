/**
 * How moderation's state of a piece of content shows to those who may see it (posts carry their
 * own marks, src/posts/reads.ts): sensitive and age-restricted content is shown blurred, behind
 * the label that caused it as its content warning; other states show nothing (held and removed
 * content is not shown to others at all).
 */
export function contentMarks(
  moderation: string | null,
  warning: string | null,
): { sensitive: boolean; contentWarning: string | null } {
  const sensitive = moderation === 'sensitive' || moderation === 'age_restricted'
  return { sensitive, contentWarning: sensitive ? warning : null }
}
