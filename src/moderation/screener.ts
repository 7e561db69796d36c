import type { Kysely } from 'kysely'
import type { DB } from '../platform/db/schema.ts'
import { isUuid } from '../platform/ids.ts'

/**
 * The place classifiers plug into. A screener looks at a text (or an image) and says what it
 * finds as labels; what happens then is the policies' business (policies.ts), never the
 * screener's. The term lists administrators keep (terms.ts) are one screener; the classifiers of
 * src/moderation/screening/ (word lists, spam heuristics, image models, AWS) are others, added to
 * the list the screening job runs (see module.ts).
 */

export const SUBJECT_KINDS = ['post', 'user', 'video', 'image', 'stream', 'message'] as const
export type SubjectKind = (typeof SUBJECT_KINDS)[number]

export interface Subject {
  kind: SubjectKind
  id: string
}

/** What a screener (or a moderator) says of a subject: a value, how sure (0 to 1), and who said it. */
export interface Label {
  value: string
  score: number
  /** The model and its version ('terms', 'obscenity@0.4'...), or 'moderator:<id>'. */
  source: string
}

/** What a screener may want to know about a text beside the text itself. */
export interface TextContext {
  subject: Subject
  authorId: string
  /** ISO 639-1 when known. */
  language: string | null
  /**
   * The transaction an inline check runs in: a screener that reads the database reads through it,
   * never waiting for a second connection while the write holds one.
   */
  db?: Kysely<DB>
}

/** One text of several screened together, with what is known of it. */
export interface TextItem {
  text: string
  ctx: TextContext
}

export interface Screener {
  screenText(text: string, ctx: TextContext): Promise<Label[]>
  /**
   * Several texts at once (a stream's chat lines of a few seconds): the labels of each, in the
   * order given. A screener that pays per call (Comprehend) sends them together; absent, each
   * goes through `screenText` (see `screenEach`).
   */
  screenTexts?(items: TextItem[]): Promise<Label[][]>
  /** Absent for screeners of text only. */
  screenImage?(bytes: Uint8Array, ctx: { subject: Subject }): Promise<Label[]>
}

/** Labels, the strongest per value and source (one screening's labels; what LabelStore keeps once). */
export function strongestOf(found: Label[]): Label[] {
  const strongest = new Map<string, Label>()
  for (const label of found) {
    const key = `${label.value}\u0000${label.source}`
    if ((strongest.get(key)?.score ?? -1) < label.score) strongest.set(key, label)
  }
  return [...strongest.values()]
}

/** Several texts through one screener: together when it can, else one after the other. */
export async function screenEach(screener: Screener, items: TextItem[]): Promise<Label[][]> {
  if (items.length === 0) return []
  if (screener.screenTexts) return screener.screenTexts(items)
  const found: Label[][] = []
  for (const { text, ctx } of items) found.push(await screener.screenText(text, ctx))
  return found
}

/** Several screeners as one: every one runs, their labels together. */
export function allOf(screeners: Screener[]): Screener {
  return {
    async screenText(text, ctx) {
      return (await Promise.all(screeners.map((s) => s.screenText(text, ctx)))).flat()
    },
    async screenTexts(items) {
      const each = await Promise.all(screeners.map((s) => screenEach(s, items)))
      return items.map((_, i) => each.flatMap((found) => found[i] ?? []))
    },
    async screenImage(bytes, ctx) {
      const found = await Promise.all(screeners.map((s) => s.screenImage?.(bytes, ctx) ?? []))
      return found.flat()
    },
  }
}

/** "post:<uuid>" → a subject; undefined when malformed. */
export function parseSubject(text: string): Subject | undefined {
  const at = text.indexOf(':')
  const kind = text.slice(0, at) as SubjectKind
  const id = text.slice(at + 1)
  if (at < 1 || !SUBJECT_KINDS.includes(kind) || !isUuid(id)) return undefined
  return { kind, id: id.toLowerCase() }
}
