import type { Kysely } from 'kysely'
import type { DB } from '../platform/db/schema.ts'
import { fieldError } from '../platform/errors.ts'
import { Refreshed } from '../platform/refreshed.ts'
import { audit } from './audit.ts'
import type { Label } from './screener.ts'

/** What a policy does with a labelled subject, from nothing to removing it. */
export const OUTCOMES = ['allow', 'sensitive', 'age_restrict', 'hold', 'remove'] as const
export type Outcome = (typeof OUTCOMES)[number]

const RANK: Record<Outcome, number> = { allow: 0, sensitive: 1, age_restrict: 2, hold: 3, remove: 4 }

/** Whether `a` does more to a subject than `b`. */
export function stronger(a: Outcome, b: Outcome): boolean {
  return RANK[a] > RANK[b]
}

export interface PolicyRule {
  label: string
  minScore: number
  outcome: Outcome
}

/** What the policies make of a subject's labels: the strongest outcome, and the label that caused it. */
export interface Decision {
  outcome: Outcome
  label: Label
}

/** Options beside the per-label rules. */
export interface PolicyOptions {
  /** Images uploaded by accounts younger than this many days are held for review (0: never). */
  holdNewAccountMediaDays: number
}

/** Other nodes see a change within this long. */
const RELOAD_MS = 10_000

/**
 * The policies administrators set (GET/PUT /v1/admin/moderation/policies): per label value, score
 * thresholds and what reaching each does. A label meets the rule with the highest threshold it
 * reaches; a subject gets the strongest outcome its labels meet. No rule: allowed.
 */
export class Policies {
  // Read inside write transactions (screening): held in memory, reloaded in the background
  // (refreshed.ts); `db`, a caller's transaction, is read through only before the first load.
  private readonly rules = new Refreshed((db?: Kysely<DB>) => this.loadRules(db ?? this.db), RELOAD_MS)
  private readonly heldOptions = new Refreshed(
    (db?: Kysely<DB>) =>
      (db ?? this.db)
        .selectFrom('moderationOptions')
        .select('holdNewAccountMediaDays')
        .executeTakeFirstOrThrow(),
    RELOAD_MS,
  )

  constructor(private readonly db: Kysely<DB>) {
    this.rules.warm()
    this.heldOptions.warm()
  }

  list(db?: Kysely<DB>): Promise<PolicyRule[]> {
    return this.rules.get(db)
  }

  private async loadRules(db: Kysely<DB>): Promise<PolicyRule[]> {
    const rows = await db
      .selectFrom('moderationPolicies')
      .selectAll()
      .orderBy('label')
      .orderBy('minScore')
      .execute()
    return rows.map((r) => ({ label: r.label, minScore: r.minScore, outcome: r.outcome as Outcome }))
  }

  /** Replaces every rule at once. */
  async replace(actor: string, rules: PolicyRule[]): Promise<PolicyRule[]> {
    const seen = new Set<string>()
    for (const [i, r] of rules.entries()) {
      const key = `${r.label}@${r.minScore}`
      if (seen.has(key)) throw fieldError(`body.rules.${i}`, `a second rule for ${r.label} at ${r.minScore}`)
      seen.add(key)
    }
    await this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('moderationPolicies').execute()
      if (rules.length > 0) await trx.insertInto('moderationPolicies').values(rules).execute()
      await audit(trx, actor, 'policies.replaced', null, { rules })
    })
    return this.rules.refresh()
  }

  options(db?: Kysely<DB>): Promise<PolicyOptions> {
    return this.heldOptions.get(db)
  }

  async setOptions(actor: string, options: PolicyOptions): Promise<PolicyOptions> {
    await this.db.transaction().execute(async (trx) => {
      await trx.updateTable('moderationOptions').set(options).execute()
      await audit(trx, actor, 'policy_options.set', null, { ...options })
    })
    return this.heldOptions.refresh()
  }

  async decide(labels: Label[], db?: Kysely<DB>): Promise<Decision | undefined> {
    if (labels.length === 0) return undefined
    const rules = await this.list(db)
    let best: Decision | undefined
    for (const label of labels) {
      const met = rules
        .filter((r) => r.label === label.value && label.score >= r.minScore)
        .sort((a, b) => b.minScore - a.minScore)[0]
      if (met && met.outcome !== 'allow' && (!best || stronger(met.outcome, best.outcome)))
        best = { outcome: met.outcome, label }
    }
    return best
  }
}
