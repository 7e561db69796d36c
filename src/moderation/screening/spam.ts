import { type Kysely, sql } from 'kysely'
import type { DB } from '../../platform/db/schema.ts'
import type { Label, Screener, TextContext } from '../screener.ts'

export const SPAM_SOURCE = 'spam-heuristics@1'

/** Links: a few are normal; from LINKS_FROM on each one makes spam likelier. */
const LINKS_FROM = 3
const LINK = /\bhttps?:\/\/\S+|\bwww\.\S+/giu
/** Repetition: one word making up this share of a text of at least REPEAT_MIN_WORDS words. */
const REPEAT_SHARE = 0.5
const REPEAT_MIN_WORDS = 8
/** A character repeated this many times in a row ("!!!!!!!!!!!!!!!!"). */
const RUN = /(.)\1{15,}/su
/** The same text from one author this many times within DUPLICATE_WINDOW. */
const DUPLICATES = 3
const DUPLICATE_WINDOW = '1 hour'
/** An account younger than NEW_ACCOUNT writing more than BURST posts within BURST_WINDOW. */
const NEW_ACCOUNT = '1 day'
const BURST = 10
const BURST_WINDOW = '10 minutes'

/**
 * Heuristics for spam: many links, a text that repeats itself, the same text posted again and
 * again, and new accounts writing in bursts (those two ask the database, about the author's
 * posts). Each finding is a `spam` label; the strongest one is kept.
 */
export function spamScreener(db: Kysely<DB>): Screener {
  return {
    async screenText(text, ctx) {
      const scores = [links(text), repetition(text), ...(await history(db, text, ctx))]
      const score = Math.max(...scores)
      return score > 0 ? [{ value: 'spam', score: round(score), source: SPAM_SOURCE } satisfies Label] : []
    },
  }
}

function links(text: string): number {
  const count = text.match(LINK)?.length ?? 0
  return count < LINKS_FROM ? 0 : Math.min(1, 0.5 + 0.1 * (count - LINKS_FROM))
}

function repetition(text: string): number {
  if (RUN.test(text)) return 0.6
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []
  if (words.length < REPEAT_MIN_WORDS) return 0
  const counts = new Map<string, number>()
  for (const w of words) counts.set(w, (counts.get(w) ?? 0) + 1)
  const share = Math.max(...counts.values()) / words.length
  return share < REPEAT_SHARE ? 0 : Math.min(1, share)
}

/** Duplicates and bursts: only for posts, whose author's recent posts tell. */
async function history(db: Kysely<DB>, text: string, ctx: TextContext): Promise<number[]> {
  if (ctx.subject.kind !== 'post') return []
  const row = await db
    .selectFrom('users as u')
    .select((eb) => [
      sql<boolean>`u.created_at > now() - ${NEW_ACCOUNT}::interval`.as('isNew'),
      eb
        .selectFrom('posts as p')
        .select(sql<string>`count(*) filter (where p.text = ${text})`.as('n'))
        .where('p.authorId', '=', ctx.authorId)
        .where('p.createdAt', '>', sql<Date>`now() - ${DUPLICATE_WINDOW}::interval`)
        .as('same'),
      eb
        .selectFrom('posts as p')
        .select(sql<string>`count(*)`.as('n'))
        .where('p.authorId', '=', ctx.authorId)
        .where('p.createdAt', '>', sql<Date>`now() - ${BURST_WINDOW}::interval`)
        .as('recent'),
    ])
    .where('u.id', '=', ctx.authorId)
    .executeTakeFirst()
  if (!row) return []
  const same = Number(row.same ?? 0)
  const recent = Number(row.recent ?? 0)
  return [
    same >= DUPLICATES ? Math.min(1, 0.6 + 0.1 * (same - DUPLICATES)) : 0,
    row.isNew && recent > BURST ? Math.min(1, 0.6 + 0.05 * (recent - BURST)) : 0,
  ]
}

function round(n: number): number {
  return Math.round(n * 100) / 100
}
