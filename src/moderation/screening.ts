import type { Kysely, Transaction } from 'kysely'
import type { JobQueue } from '../jobs/queue.ts'
import type { JobHandler } from '../jobs/runner.ts'
import type { DomainEvent } from '../platform/bus/events.ts'
import type { DB, Json } from '../platform/db/schema.ts'
import { defineProblem, HttpError, problems } from '../platform/errors.ts'
import type { PostWritten } from '../posts/posts.ts'
import type { Actions } from './actions.ts'
import { audit } from './audit.ts'
import type { Cases } from './cases.ts'
import { ChatBatcher } from './chat-batches.ts'
import type { LabelStore } from './labels.ts'
import type { Policies } from './policies.ts'
import {
  type Label,
  type Screener,
  type Subject,
  screenEach,
  strongestOf,
  type TextItem,
} from './screener.ts'
import type { StoredVideo, VideoScreening } from './screening/aws.ts'
import type { ScreenSources } from './screening/sources.ts'
import type { SubjectRegistry } from './subjects.ts'

type Tx = Transaction<DB>

export const SCREEN_JOB = 'moderation.screen'
/** Several subjects in one job (a stream's chat lines of a few seconds: chat-batches.ts). */
export const SCREEN_BATCH_JOB = 'moderation.screen_batch'

interface BatchPayload {
  subjects: Subject[]
}

interface ScreenPayload {
  subject: Subject
  /** False: only the words changed (a video's edit): its pictures are not looked at again. */
  media?: boolean
}

/** The label the policy option for new accounts' media gives their images (an automated hold). */
export const NEW_ACCOUNT_MEDIA: Label = {
  value: 'new_account_media',
  score: 1,
  source: 'policy:new-accounts',
}

/** A chat line the administrators' terms, through the policies, would hold or remove: never stored. */
export const contentRefused = defineProblem(
  422,
  'content_refused',
  "The message holds a term the platform's rules do not allow",
)

/**
 * Screening of what people publish. Inline, in the writing transaction: the cheap screener (the
 * literal term lists) on posts, and the hold of new accounts' images, so content that must be
 * held never shows. Then a job for the rest (`screener`: term patterns, the word list, spam
 * heuristics, the image classifier), on the subject's content as it is when the job runs
 * (`sources`), whose labels apply when it succeeds. Labels also raise the priority of the
 * subject's open case. Posts (published or edited), profiles, direct messages and videos get
 * their job from their domain events (`onEvent`, the event's id as the job's), images and
 * live-chat lines from their write hooks.
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
      subjects: SubjectRegistry
      sources: ScreenSources
      inline: Screener
      screener: Screener
      /** Whole videos read where storage keeps them (Rekognition Video); absent: sampled frames as images. */
      videos?: {
        screenVideo(
          video: StoredVideo,
          opts: { token: string; signal?: AbortSignal },
        ): Promise<VideoScreening>
      }
      /** How long one screening may take (a video at Rekognition: minutes). */
      timeoutMs?: number
      log?: { warn(obj: object, msg: string): void }
    },
  ) {
    this.job.timeoutMs = deps.timeoutMs ?? 60_000
    this.chatBatches = new ChatBatcher({
      flush: (lines) => this.enqueueBatch(lines.map((id) => ({ kind: 'message', id }))),
      log: deps.log,
    })
  }

  /** The posts module's write check (PostService.checkWrites). */
  readonly checkPost = async (trx: Tx, post: PostWritten): Promise<void> => {
    const subject: Subject = { kind: 'post', id: post.id }
    const found = await this.deps.inline.screenText(post.text, {
      subject,
      authorId: post.authorId,
      language: post.language,
      db: trx,
    })
    await this.apply(trx, subject, found)
    // The rest by job, from the post's event (post.created, post.edited: see onEvent), so the
    // write pays for the inline terms only.
  }

  /**
   * Live chat (ChatService.checkMessages): before a line is stored, the literal terms; a line
   * whose labels the policies would hold or remove is refused (422), never stored or shown. Once
   * stored, a job screens it with the rest, whose removal takes it out of the room live.
   */
  readonly checkChat = {
    before: async (message: { streamId: string; authorId: string; text: string }): Promise<void> => {
      const found = await this.deps.inline.screenText(message.text, {
        subject: { kind: 'message', id: message.streamId },
        authorId: message.authorId,
        language: null,
      })
      const decision = await this.deps.policies.decide(found)
      if (decision && (decision.outcome === 'hold' || decision.outcome === 'remove'))
        throw new HttpError(contentRefused, `The message was refused: ${decision.label.value}`)
    },
    after: async (message: { id: string; streamId: string }): Promise<void> => {
      this.chatBatches.add(message.streamId, message.id)
    },
  }

  /** The stream's lines of a few seconds, one job for them all. */
  readonly chatBatches: ChatBatcher

  /** Screens several subjects by one job (their words only). */
  async enqueueBatch(subjects: Subject[]): Promise<void> {
    await this.deps.db.transaction().execute(async (trx) => {
      await this.deps.queue.enqueue(trx, {
        kind: SCREEN_BATCH_JOB,
        payload: { subjects } satisfies BatchPayload as unknown as Record<string, unknown>,
        maxAttempts: 3,
      })
    })
  }

  /** The media module's upload check: new accounts' images held (when the policy says so), then the job. */
  readonly checkImage = async (trx: Tx, image: { id: string; ownerId: string }): Promise<void> => {
    const subject: Subject = { kind: 'image', id: image.id }
    await this.holdNewAccountMedia(trx, subject, image.ownerId)
    await this.enqueue(trx, subject)
  }

  /**
   * The videos module's creation check: a new account's video held from the start (when the policy
   * says so), as PeerTube holds new users' videos for review; it is screened once encoded
   * (`video.ready`).
   */
  readonly checkVideo = async (trx: Tx, video: { id: string; ownerId: string }): Promise<void> => {
    await this.holdNewAccountMedia(trx, { kind: 'video', id: video.id }, video.ownerId)
  }

  /** Holds the media of an account younger than the policies' `holdNewAccountMediaDays` (an automated hold). */
  private async holdNewAccountMedia(trx: Tx, subject: Subject, ownerId: string): Promise<void> {
    const days = (await this.deps.policies.options(trx)).holdNewAccountMediaDays
    if (days <= 0) return
    const owner = await trx
      .selectFrom('users')
      .select('createdAt')
      .where('id', '=', ownerId)
      .executeTakeFirst()
    if (!owner || owner.createdAt.getTime() <= Date.now() - days * 86_400_000) return
    await this.deps.labels.add(trx, subject, [NEW_ACCOUNT_MEDIA])
    await this.deps.actions.automated(trx, subject, { outcome: 'hold', label: NEW_ACCOUNT_MEDIA })
  }

  /** Screens a subject by job (in `trx`: the job exists if and only if the change commits). */
  async enqueue(trx: Tx, subject: Subject, opts: { id?: string; media?: boolean } = {}): Promise<void> {
    await this.deps.queue.enqueue(trx, {
      id: opts.id,
      kind: SCREEN_JOB,
      payload: { subject, media: opts.media ?? true } satisfies ScreenPayload as unknown as Record<
        string,
        unknown
      >,
      maxAttempts: 3,
    })
  }

  /**
   * Domain events that ask for a screening: a post published or edited, a video ready (words and frames) or edited (words), a
   * profile's name or bio changed, a direct message sent (kept only when a recipient opted in). The job takes the event's id, so a redelivered
   * event does not screen twice.
   */
  readonly onEvent = async (event: DomainEvent): Promise<void> => {
    let subject: Subject | undefined
    let media = true
    if (event.type === 'post.created' || event.type === 'post.edited')
      subject = { kind: 'post', id: event.subject.id }
    else if (event.type === 'video.ready') subject = { kind: 'video', id: event.subject.id }
    else if (event.type === 'video.edited') {
      subject = { kind: 'video', id: event.subject.id }
      media = false
    } else if (event.type === 'user.profile_updated') {
      const fields = (event.data.fields as string[] | undefined) ?? []
      if (fields.includes('displayName') || fields.includes('bio'))
        subject = { kind: 'user', id: event.subject.id }
    } else if (event.type === 'message.sent') {
      const id = String(event.data.messageId)
      // Most messages go to people who did not opt in: no job for those. The send says which do
      // (`screen`); an event from before it did is looked up.
      const screen = event.data.screen
      if (screen === true || (screen === undefined && (await this.deps.sources.get('message')?.(id))))
        subject = { kind: 'message', id }
    }
    if (!subject) return
    await this.enqueueOnce(subject, event.id, media)
  }

  /**
   * Screens a subject by job under `id`, unless a job of that id exists already (a redelivered
   * event; another worker sampling the same live stream in the same period).
   */
  async enqueueOnce(subject: Subject, id: string, media = true): Promise<void> {
    await this.deps.db
      .transaction()
      .execute(async (trx) => {
        const done = await trx.selectFrom('jobs').select('id').where('id', '=', id).executeTakeFirst()
        if (!done) await this.enqueue(trx, subject, { id, media })
      })
      .catch((error: unknown) => {
        // Another worker queued it between the look and the insert.
        if ((error as { code?: string }).code !== '23505') throw error
      })
  }

  /**
   * Records labels and applies the policies' outcome, in the transaction that found them; answers
   * what must run once it commits (a message taken down live).
   */
  async apply(
    trx: Tx,
    subject: Subject,
    found: Label[],
    labelledBy: string | null = null,
  ): Promise<(() => Promise<void>) | undefined> {
    if (found.length === 0) return undefined
    await this.deps.labels.add(trx, subject, found)
    const open = await trx
      .selectFrom('moderationCases')
      .select('id')
      .where('subjectKind', '=', subject.kind)
      .where('subjectId', '=', subject.id)
      .where('state', '!=', 'resolved')
      .executeTakeFirst()
    if (open) await this.deps.cases.reprioritize(trx, open.id)
    const decision = await this.deps.policies.decide(found, trx)
    if (!decision) return undefined
    return (await this.deps.actions.automated(trx, subject, decision, labelledBy))?.afterCommit
  }

  /**
   * A moderator's label (Ozone's manual labels; POST /v1/moderation/labels): kept with the source
   * `moderator:<id>` beside the models' labels, audited, counted in the case's priority, and put
   * through the policies like any label, the outcome an action of that moderator's (so another
   * decides its appeal).
   */
  async labelByModerator(
    moderator: string,
    subject: Subject,
    label: { value: string; score: number },
  ): Promise<Label> {
    const handler = this.deps.subjects.get(subject.kind)
    if (!handler || !(await handler.owner(this.deps.db, subject.id)))
      throw new HttpError(problems.notFound, `body.subject: no such ${subject.kind}`)
    const found: Label = { ...label, source: `moderator:${moderator}` }
    const then = await this.deps.db.transaction().execute(async (trx) => {
      const after = await this.apply(trx, subject, [found], moderator)
      await audit(trx, moderator, 'label.added', subject, { value: label.value, score: label.score })
      return after
    })
    await then?.()
    return found
  }

  /** Runs the screeners on a subject's current content: labels, the strongest per value and source. */
  async screen(
    subject: Subject,
    media = true,
    opts: { token?: string; signal?: AbortSignal } = {},
  ): Promise<Label[] | undefined> {
    const content = await this.deps.sources.get(subject.kind)?.(subject.id, { media })
    if (!content) return undefined
    const { screener } = this.deps
    const found: Label[] = []
    const text = content.texts.join('\n')
    if (text.trim())
      found.push(
        ...(await screener.screenText(text, {
          subject,
          authorId: content.authorId,
          language: content.language,
        })),
      )
    const { videos } = this.deps
    let framesNeeded = true
    if (content.video && videos) {
      const token = opts.token ?? `${subject.kind}:${subject.id}`
      const answer = await videos.screenVideo(content.video, { token, signal: opts.signal })
      if ('labels' in answer) {
        found.push(...answer.labels)
        framesNeeded = false
      } else
        this.deps.log?.warn({ subject, reason: answer.failed }, 'video not screened whole: frames instead')
    }
    if (framesNeeded)
      for await (const image of content.images())
        found.push(...((await screener.screenImage?.(image, { subject })) ?? []))
    return strongestOf(found)
  }

  /** What jobs' outcomes left to run after their commit, by job id. */
  private readonly afterCommit = new Map<string, () => Promise<void>>()

  /** The job: the slow screeners on the subject's current content; labels land when it succeeds. */
  readonly job: JobHandler<ScreenPayload> = {
    kind: SCREEN_JOB,
    timeoutMs: 60_000,
    run: async ({ id, payload, signal }) =>
      ({
        labels: (await this.screen(payload.subject, payload.media ?? true, { token: id, signal })) ?? [],
      }) as unknown as Json,
    succeeded: async (trx, { id, payload }, result) => {
      const labels = (result as unknown as { labels: Label[] } | null)?.labels ?? []
      const { subject } = payload
      const exists = await this.deps.subjects.get(subject.kind)?.owner(trx, subject.id)
      const then = exists ? await this.apply(trx, subject, labels) : undefined
      if (then) this.afterCommit.set(id, then)
    },
    committed: ({ id }, outcome) => this.runAfterCommit(id, outcome),
  }

  /**
   * The words of several subjects (chat lines) through the screeners together, one call for them
   * all where a screener can take several (Comprehend: `screenTexts`): the subjects with labels.
   */
  async screenWords(
    subjects: Subject[],
    signal?: AbortSignal,
  ): Promise<{ subject: Subject; labels: Label[] }[]> {
    const items: { subject: Subject; item: TextItem }[] = []
    for (const subject of subjects) {
      signal?.throwIfAborted()
      const content = await this.deps.sources.get(subject.kind)?.(subject.id, { media: false })
      const text = content?.texts.join('\n') ?? ''
      if (!content || !text.trim()) continue
      items.push({
        subject,
        item: { text, ctx: { subject, authorId: content.authorId, language: content.language } },
      })
    }
    signal?.throwIfAborted()
    const found = await screenEach(
      this.deps.screener,
      items.map((i) => i.item),
    )
    return items
      .map(({ subject }, i) => ({ subject, labels: strongestOf(found[i] ?? []) }))
      .filter((f) => f.labels.length > 0)
  }

  /**
   * The batch job: the subjects' words screened together (chat lines: `screenWords`), and what the labels
   * make of each applied in the one transaction; lines taken down go out of their room after it.
   */
  readonly batchJob: JobHandler<BatchPayload> = {
    kind: SCREEN_BATCH_JOB,
    timeoutMs: 60_000,
    run: async ({ payload, signal }) =>
      ({ found: await this.screenWords(payload.subjects, signal) }) as unknown as Json,
    succeeded: async (trx, { id }, result) => {
      const found =
        (result as unknown as { found: { subject: Subject; labels: Label[] }[] } | null)?.found ?? []
      const then: (() => Promise<void>)[] = []
      for (const { subject, labels } of found) {
        if (!(await this.deps.subjects.get(subject.kind)?.owner(trx, subject.id))) continue
        const after = await this.apply(trx, subject, labels)
        if (after) then.push(after)
      }
      if (then.length > 0)
        this.afterCommit.set(id, async () => {
          for (const t of then) await t()
        })
    },
    committed: ({ id }, outcome) => this.runAfterCommit(id, outcome),
  }

  private async runAfterCommit(id: string, outcome: 'succeeded' | 'failed'): Promise<void> {
    const then = this.afterCommit.get(id)
    this.afterCommit.delete(id)
    if (then && outcome === 'succeeded') await then()
  }
}
