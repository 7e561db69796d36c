import { fieldError } from './errors.ts'

/**
 * Names people give themselves or things shown to others as names (display names, conversation
 * titles, profile link titles, video titles) must look like what they are. Bidi controls can turn
 * `user‮gpj.exe` into `userexe.jpg`; zero-width and blank-looking characters make `admin` and
 * `ad\u200bmin` two names that read the same. Such a name is refused (422 naming the field),
 * never silently changed: the client shows what was stored, and says why it was not.
 *
 * Emoji stay whole: a zero-width joiner between two emoji (👩‍💻, 🏳️‍🌈), an emoji's variation
 * selector (❤️), a keycap (1️⃣), a subdivision flag's tag characters (🏴󠁧󠁢󠁳󠁣󠁴󠁿) and an ideographic
 * variation selector after a Han character are kept, and so is a joiner or non-joiner between two
 * letters of a script that draws them differently (Persian, Indic); any of them elsewhere is refused. Post
 * text and bios are not names: they keep whatever they are written with.
 */

/** Bidi controls: embeddings, overrides, isolates, marks (U+202A-E, U+2066-9, U+200E/F, U+061C). */
const BIDI = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/u

/**
 * Characters that show nothing: zero-width space, non-joiner and joiner, word joiner and invisible
 * operators, BOM, soft hyphen, combining grapheme joiner, Hangul fillers, variation selectors, tag
 * characters, Mongolian vowel separator; and control characters (line breaks among them).
 */
const INVISIBLE =
  /\u034F|[\uFE00-\uFE0F]|[\u{E0100}-\u{E01EF}]|[\u200B-\u200D\u2060-\u2064\uFEFF\u00AD\u115F\u1160\u3164\uFFA0\u180E\u{E0000}-\u{E007F}\u2028\u2029\p{Cc}]/u

/** One emoji with its presentation selector or skin tone, joined to others by ZWJ. */
const PICTOGRAPH = String.raw`\p{Extended_Pictographic}(?:[\uFE0E\uFE0F]|[\u{1F3FB}-\u{1F3FF}])*`
/**
 * Scripts in which a joiner or non-joiner between two letters changes how they are drawn (Persian
 * writes `نیک‌نام` with a ZWNJ; Indic scripts choose conjunct forms with them): kept there.
 */
const JOINING = String.raw`[\p{Script=Arabic}\p{Script=Syriac}\p{Script=Devanagari}\p{Script=Bengali}\p{Script=Gurmukhi}\p{Script=Gujarati}\p{Script=Oriya}\p{Script=Tamil}\p{Script=Telugu}\p{Script=Kannada}\p{Script=Malayalam}\p{Script=Sinhala}]`
/** The sequences whose invisible characters are part of what is shown. */
const SHOWN_SEQUENCES = new RegExp(
  [
    String.raw`\u{1F3F4}[\u{E0020}-\u{E007E}]+\u{E007F}`,
    `${PICTOGRAPH}(?:\\u200D${PICTOGRAPH})*`,
    String.raw`[0-9#*]\uFE0F?\u20E3`,
    String.raw`\p{Script=Han}[\u{E0100}-\u{E01EF}]`,
    `(?<=${JOINING})[\\u200C\\u200D](?=${JOINING})`,
  ].join('|'),
  'gu',
)

/** Why `value` is not acceptable as a name, or null when it is. */
export function nameProblem(value: string): string | null {
  if (BIDI.test(value))
    return 'must not contain bidirectional control characters (U+202A-U+202E, U+2066-U+2069, U+200E, U+200F, U+061C)'
  const rest = value.replace(SHOWN_SEQUENCES, 'x')
  const hidden = INVISIBLE.exec(rest)
  if (hidden) {
    const code = hidden[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')
    return `must not contain invisible or control characters (U+${code}), other than inside an emoji`
  }
  return null
}

/** Refuses (422 naming `field`) a name that is not acceptable; null and undefined pass. */
export function checkName(field: string, value: string | null | undefined): void {
  if (value == null) return
  const problem = nameProblem(value)
  if (problem) throw fieldError(field, problem)
}
