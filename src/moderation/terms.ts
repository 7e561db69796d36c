import type { Kysely } from 'kysely'
import type { DB } from '../platform/db/schema.ts'
import { fieldError, HttpError, problems } from '../platform/errors.ts'
import { newId } from '../platform/ids.ts'
import { Refreshed } from '../platform/refreshed.ts'
import { audit } from './audit.ts'
import type { Label, Screener, TextContext } from './screener.ts'

export interface TermInput {
  pattern: string
  regex: boolean
  language?: string | null
  severity: 1 | 2 | 3
  label: string
}

export interface Term extends Required<TermInput> {
  id: string
  createdAt: string
}

/** How sure a match is, by the term's severity: a severe term is a certain label. */
const SCORE_OF_SEVERITY = { 1: 0.5, 2: 0.8, 3: 1 } as const
/** Other nodes see a change to the lists within this long. */
const RELOAD_MS = 10_000

interface Compiled {
  term: Term
  /** Lower-cased literal, or the regular expression. */
  literal?: string
  regex?: RegExp
}

/**
 * The term lists administrators keep (GET/POST/DELETE /v1/admin/moderation/terms), as two
 * screeners: `literal` is cheap enough to run inside a post's write (a substring test per term,
 * on whole words), `patterns` runs the regular expressions, whose cost the author of a pattern
 * decides, in the screening job. A match is a label with the term's value, scored by severity.
 */
export class TermLists {
  /** What the screeners match, compiled; read inside posts' write transactions (refreshed.ts). */
  private readonly compiled = new Refreshed(
    async (db?: Kysely<DB>) =>
      (await this.list(db)).map(
        (term): Compiled =>
          term.regex ? { term, regex: new RegExp(term.pattern, 'iu') } : { term, literal: term.pattern },
      ),
    RELOAD_MS,
  )

  constructor(private readonly db: Kysely<DB>) {
    this.compiled.warm()
  }

  async list(db: Kysely<DB> = this.db): Promise<Term[]> {
    const rows = await db.selectFrom('moderationTerms').selectAll().orderBy('createdAt').execute()
    return rows.map((r) => ({
      id: r.id,
      pattern: r.pattern,
      regex: r.isRegex,
      language: r.language,
      severity: r.severity as 1 | 2 | 3,
      label: r.label,
      createdAt: r.createdAt.toISOString(),
    }))
  }

  async add(input: TermInput, by: string): Promise<Term> {
    if (input.regex) {
      try {
        new RegExp(input.pattern, 'iu')
      } catch (error) {
        throw fieldError('body.pattern', `not a regular expression: ${(error as Error).message}`)
      }
    }
    const id = newId()
    await this.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('moderationTerms')
        .values({
          id,
          pattern: input.regex ? input.pattern : input.pattern.trim().toLowerCase(),
          isRegex: input.regex,
          language: input.language ?? null,
          severity: input.severity,
          label: input.label,
          createdBy: by,
        })
        .execute()
      await audit(trx, by, 'term.added', null, { termId: id, label: input.label })
    })
    await this.compiled.refresh()
    return (await this.list()).find((t) => t.id === id)!
  }

  async remove(by: string, id: string): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const gone = await trx
        .deleteFrom('moderationTerms')
        .where('id', '=', id)
        .returning('label')
        .executeTakeFirst()
      if (!gone) throw new HttpError(problems.notFound, 'No such term')
      await audit(trx, by, 'term.removed', null, { termId: id, label: gone.label })
    })
    await this.compiled.refresh()
  }

  /** Plain terms: matched as whole words in the lower-cased text, inline. */
  readonly literal: Screener = {
    screenText: async (text, ctx) => this.match(text, ctx, 'literal'),
  }

  /** Regular expressions (case-insensitive), in the screening job. */
  readonly patterns: Screener = {
    screenText: async (text, ctx) => this.match(text, ctx, 'regex'),
  }

  private async match(text: string, ctx: TextContext, which: 'literal' | 'regex'): Promise<Label[]> {
    const lower = text.toLowerCase()
    const labels: Label[] = []
    for (const c of await this.compiled.get(ctx.db)) {
      if (c.term.language && ctx.language && c.term.language !== ctx.language) continue
      const hit =
        which === 'literal' ? c.literal !== undefined && hasWord(lower, c.literal) : c.regex?.test(text)
      if (hit)
        labels.push({ value: c.term.label, score: SCORE_OF_SEVERITY[c.term.severity], source: 'terms' })
    }
    return labels
  }
}

/** Whether `word` occurs in `text` with no letter or digit right before or after it. */
function hasWord(text: string, word: string): boolean {
  if (word.length === 0) return false
  for (let at = text.indexOf(word); at !== -1; at = text.indexOf(word, at + 1)) {
    const before = text[at - 1]
    const after = text[at + word.length]
    if (!isWordChar(before) && !isWordChar(after)) return true
  }
  return false
}

function isWordChar(c: string | undefined): boolean {
  return c !== undefined && /[\p{L}\p{N}]/u.test(c)
}
