import { fieldError } from '../platform/errors.ts'
import { nameProblem } from '../platform/text.ts'

/** At most this many characters (code points) in a chat message. */
export const CHAT_MAX_LENGTH = 500
/** A client's id for a message (a resend with it is stored once): 1 to this many characters. */
export const CLIENT_ID_MAX_LENGTH = 64
/** At most this many banned terms per streamer, each 1 to TERM_MAX_LENGTH characters. */
export const MAX_TERMS = 500
export const TERM_MAX_LENGTH = 60

/**
 * A chat message as stored: trimmed, well formed, in NFC (so a term matches however its accents
 * were typed). A chat line is shown to a whole room at once, so it follows the rules of names
 * (platform/text.ts): no control characters (NUL, line breaks), no bidi controls, no invisible
 * characters outside an emoji; refused (422), never silently changed.
 */
export function chatText(raw: string, field = 'body.text'): string {
  const text = raw.trim().toWellFormed().normalize('NFC')
  if (!text) throw fieldError(field, 'must not be empty')
  if (countChars(text) > CHAT_MAX_LENGTH) throw fieldError(field, `at most ${CHAT_MAX_LENGTH} characters`)
  const problem = nameProblem(text)
  if (problem) throw fieldError(field, problem)
  return text
}

export function clientIdOf(raw: string, field = 'body.clientId'): string {
  const clientId = raw.toWellFormed()
  if (clientId.length < 1 || clientId.length > CLIENT_ID_MAX_LENGTH || /\p{Cc}/u.test(clientId))
    throw fieldError(field, `1 to ${CLIENT_ID_MAX_LENGTH} characters, no control characters`)
  return clientId
}

/** `:name:` emote codes and emoji (with their skin tones, selectors and joiners), spaces between. */
const EMOTES_ONLY =
  /^(?:\s*(?::[A-Za-z0-9_+-]{1,32}:|\p{Extended_Pictographic}(?:[\uFE0E\uFE0F\u{1F3FB}-\u{1F3FF}]|\u200D\p{Extended_Pictographic})*|[0-9#*]\uFE0F?\u20E3|[\u{1F1E6}-\u{1F1FF}]{2}))+\s*$/u

/** Whether the text is only emotes (`:emote:` codes) and emoji, what emote-only mode lets through. */
export function isEmotesOnly(text: string): boolean {
  return EMOTES_ONLY.test(text)
}

/** A banned term as kept and matched: NFKC (full-width and ligature forms fold), lower case, trimmed. */
export function foldTerm(raw: string): string {
  return raw.normalize('NFKC').toLowerCase().trim()
}

/** The first of `terms` (folded) that the text contains, if any. */
export function bannedTermIn(text: string, terms: readonly string[]): string | undefined {
  const folded = foldTerm(text)
  return terms.find((term) => folded.includes(term))
}

function countChars(text: string): number {
  let n = 0
  for (const _ of text) n++
  return n
}
