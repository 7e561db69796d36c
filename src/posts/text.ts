/**
 * What a post's text says about whom and what: @mentions and #hashtags, parsed when it is written.
 * Mentions follow the username rules (3-30 letters, digits, _); tags are letters, digits and _,
 * up to 50, compared in lower case.
 */
export const POST_MAX_LENGTH = 500
const MAX_TAGS = 10
const MAX_MENTIONS = 20

const MENTION = /(?:^|[^\w@])@([A-Za-z][A-Za-z0-9_]{2,29})(?![\w@])/g
const HASHTAG = /(?:^|[^\w#&])#([\p{L}\p{N}_]{1,50})(?![\p{L}\p{N}_])/gu

export function mentionsIn(text: string): string[] {
  const names = new Map<string, string>()
  for (const m of text.matchAll(MENTION)) names.set(m[1]!.toLowerCase(), m[1]!)
  return [...names.values()].slice(0, MAX_MENTIONS)
}

export function hashtagsIn(text: string): string[] {
  const tags = new Set<string>()
  for (const m of text.matchAll(HASHTAG)) {
    // A tag that is only digits is a number ("#1"), not a topic.
    if (!/^\d+$/.test(m[1]!)) tags.add(m[1]!.toLowerCase())
  }
  return [...tags].slice(0, MAX_TAGS)
}
