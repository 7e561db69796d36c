import type { Kysely, Transaction } from 'kysely'
import type { JobQueue } from '../jobs/queue.ts'
import type { JobHandler } from '../jobs/runner.ts'
import type { DB, Json } from '../platform/db/schema.ts'
import type { PostWritten } from '../posts/posts.ts'
import type { Actions } from './actions.ts'
import type { Cases } from './cases.ts'
import type { LabelStore } from './labels.ts'
import type { Policies } from './policies.ts'
import type { Label, Screener, Subject } from './screener.ts'

type Tx = Transaction<DB>

export const SCREEN_JOB = 'moderation.screen'

interface ScreenPayload {
  subject: Subject
}

/**
 * Screening of what people write. Inline, in the writing transaction: the cheap screener (the
 * literal term lists) and its labels' outcome, so a post that must be held never shows. Then a
 * job for the rest (`screener`: patterns, classifiers), whose labels apply when it succeeds.
 * Labels also raise the priority of the subject's open case. Direct messages are to be screened
 * only for recipients who opt in; messages have no such setting yet, so they are not screened:
 * when they do, their send path calls `apply` with the subject `message:<id>` like `checkPost`.
 */
export class Screening {
  constructor(
    private readonly deps: {
      db: Kysely<DB>
      queue: JobQueue
      labels: LabelStore
      policies: Policies
      actions: Actions
      cases: Cases
      inline: Screener
      screener: Screener
    },
  ) {}

  /** The posts module's write check (PostService.checkWrites). */
  readonly checkPost = async (trx: Tx, post: PostWritten): Promise<void> => {
    const subject: Subject = { kind: 'post', id: post.id }
    const found = await this.deps.inline.screenText(post.text, {
      subject,
      authorId: post.authorId,
      language: post.language,
    })
    await this.apply(trx, subject, found)
    await this.deps.queue.enqueue(trx, {
      kind: SCREEN_JOB,
      payload: { subject } satisfies ScreenPayload as unknown as Record<string, unknown>,
      maxAttempts: 3,
    })
  }

  /** Records labels and applies the policies' outcome, in the transaction that found them. */
  async apply(trx: Tx, subject: Subject, found: Label[]): Promise<void> {
    if (found.length === 0) return
    await this.deps.labels.add(trx, subject, found)
    const open = await trx
      .selectFrom('moderationCases')
      .select('id')
      .where('subjectKind', '=', subject.kind)
      .where('subjectId', '=', subject.id)
      .where('state', '!=', 'resolved')
      .executeTakeFirst()
    if (open) await this.deps.cases.reprioritize(trx, open.id)
    const decision = await this.deps.policies.decide(found)
    if (decision) await this.deps.actions.automated(trx, subject, decision)
  }

  /** The job: the slow screeners on the subject's current text; labels land when it succeeds. */
  readonly job: JobHandler<ScreenPayload> = {
    kind: SCREEN_JOB,
    timeoutMs: 60_000,
    run: async ({ payload }) => {
      const { subject } = payload
      if (subject.kind !== 'post') return { labels: [] }
      const post = await this.deps.db
        .selectFrom('posts')
        .select(['text', 'authorId', 'language'])
        .where('id', '=', subject.id)
        .executeTakeFirst()
      if (!post) return { labels: [] }
      const labels = await this.deps.screener.screenText(post.text, {
        subject,
        authorId: post.authorId,
        language: post.language,
      })
      return { labels } as unknown as Json
    },
    succeeded: async (trx, { payload }, result) => {
      const labels = (result as unknown as { labels: Label[] } | null)?.labels ?? []
      const exists = await trx
        .selectFrom('posts')
        .select('id')
        .where('id', '=', payload.subject.id)
        .executeTakeFirst()
      if (exists) await this.apply(trx, payload.subject, labels)
    },
  }
}
