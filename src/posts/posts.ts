import { type Kysely, sql, type Transaction } from 'kysely'
import { audienceColumns } from '../payments/audience.ts'
import { type DomainEvent, domainEvent } from '../platform/bus/events.ts'
import type { LivePublisher } from '../platform/bus/live.ts'
import { appendEvents } from '../platform/bus/outbox.ts'
import type { DB } from '../platform/db/schema.ts'
import { defineProblem, fieldError, HttpError, problems } from '../platform/errors.ts'
import { dateTimeField } from '../platform/http/dates.ts'
import type { CountedLimit } from '../platform/http/rate-limiting.ts'
import { newId } from '../platform/ids.ts'
import { blockedBetween, bumpCounts, policyAllows } from '../users/queries.ts'
import { type ActivityDelta, recordActivity } from './activity.ts'
import { detectLanguage, searchConfigOf } from './language.ts'
import { bumpTagCounts } from './tags.ts'
import { hashtagsIn, mentionsIn, POST_MAX_LENGTH } from './text.ts'
import { visibleTo } from './visibility.ts'

export const postProblems = {
  notYours: defineProblem(403, 'not_your_post', 'Only the author may do this'),
  notQuotable: defineProblem(422, 'not_quotable', 'Only public posts can be quoted or reposted'),
  commentsOff: defineProblem(403, 'comments_disabled', 'The author turned comments off for this video'),
}

export type Visibility = 'public' | 'followers' | 'mentioned'

export interface NewPost {
  text: string
  mediaIds?: string[]
  /** A video of the author's (POST /v1/videos). */
  videoId?: string
  visibility?: Visibility
  contentWarning?: string | null
  sensitive?: boolean
  replyTo?: string
  quoteOf?: string
  scheduledAt?: string
  /** ISO 639-1; detected from the text when not given (see language.ts). */
  language?: string
  /** Who may read it (payments' memberships): everyone, or subscribers of a tier of the author's and above. */
  audience?: 'public' | 'subscribers'
  audienceTierId?: string | null
}

const MIN_SCHEDULE_MS = 10_000
const MAX_MEDIA = 4
const MAX_SCHEDULE_MS = 366 * 86_400_000

type Tx = Transaction<DB>

/**
 * What a post's text is, for those who check it as it is written (moderation's screening): called
 * in the writing transaction, after the row is in; may change the row (hold it) or throw (refuse).
 */
export interface PostWritten {
  id: string
  authorId: string
  text: string
  language: string | null
  /** created or edited. */
  change: 'created' | 'edited'
}
export type PostWriteCheck = (trx: Tx, post: PostWritten) => Promise<void>

/**
 * Writing posts: text with mentions and hashtags parsed at write time, replies and quotes of posts
 * the author may see, visibility, content warnings, scheduling, edits with history, deletion. Every
 * change is a domain event in the same transaction; counts (posts, replies, quotes) move with it.
 */
export class PostService {
  /** Checks every post create and edit runs (see PostWriteCheck); modules add theirs when built. */
  private readonly checks: PostWriteCheck[] = []

  constructor(
    private readonly db: Kysely<DB>,
    private readonly live?: LivePublisher,
    /** Spends the author's `posts.mention_strangers` allowance, one per stranger a post newly mentions. */
    private readonly mentionStrangers?: CountedLimit,
  ) {}

  /** Adds a check that every post written from now on goes through (moderation's screening). */
  checkWrites(check: PostWriteCheck): void {
    this.checks.push(check)
  }

  private async checked(trx: Tx, post: PostWritten): Promise<void> {
    for (const check of this.checks) await check(trx, post)
  }

  async create(author: string, input: NewPost): Promise<string> {
    const text = input.text.trim()
    const mediaIds = [...new Set(input.mediaIds ?? [])]
    if (mediaIds.length > MAX_MEDIA) throw fieldError('body.mediaIds', `at most ${MAX_MEDIA} images`)
    checkText(text, mediaIds.length > 0 || Boolean(input.videoId))
    const now = Date.now()
    let scheduledAt: Date | null = null
    if (input.scheduledAt) {
      scheduledAt = dateTimeField('body.scheduledAt', input.scheduledAt)
      const ahead = scheduledAt.getTime() - now
      if (!(ahead >= MIN_SCHEDULE_MS && ahead <= MAX_SCHEDULE_MS)) {
        throw fieldError('body.scheduledAt', 'must be between 10 seconds and a year from now')
      }
    }
    const visibility = input.visibility ?? 'public'
    const language = input.language ?? detectLanguage(text)
    const changed: Changed = []
    const created = await this.db.transaction().execute(async (trx) => {
      const parent = input.replyTo
        ? await this.visiblePost(trx, author, input.replyTo, 'body.replyTo')
        : undefined
      const quoted = input.quoteOf
        ? await this.visiblePost(trx, author, input.quoteOf, 'body.quoteOf')
        : undefined
      if (quoted && quoted.visibility !== 'public') throw new HttpError(postProblems.notQuotable)
      // A post carrying a video whose author turned comments off takes replies from its author only.
      if (parent?.commentsOff && parent.authorId !== author) throw new HttpError(postProblems.commentsOff)
      const audience = await audienceColumns(
        trx,
        author,
        { audience: input.audience, tierId: input.audienceTierId },
        'body.audienceTierId',
      )
      const id = newId()
      await trx
        .insertInto('posts')
        .values({
          id,
          authorId: author,
          text,
          visibility,
          contentWarning: input.contentWarning?.trim() || null,
          sensitive: input.sensitive ?? Boolean(input.contentWarning),
          replyToId: parent?.id ?? null,
          threadId: parent?.threadId ?? id,
          quoteOfId: quoted?.id ?? null,
          publishedAt: scheduledAt ? null : new Date(now),
          scheduledAt,
          language,
          searchConfig: searchConfigOf(language),
          ...audience,
        })
        .execute()
      await trx.insertInto('postCounts').values({ postId: id }).execute()
      for (const [position, mediaId] of mediaIds.entries()) {
        const attached = await trx
          .updateTable('media')
          .set({ postId: id, position })
          .where('id', '=', mediaId)
          .where('ownerId', '=', author)
          .where('postId', 'is', null)
          .returning('id')
          .executeTakeFirst()
        if (!attached) throw fieldError('body.mediaIds', `${mediaId} is not an unused upload of yours`)
      }
      if (input.videoId) {
        const video = await trx
          .updateTable('posts')
          .set({ videoId: input.videoId })
          .where('id', '=', id)
          .where(({ exists, selectFrom }) =>
            exists(
              selectFrom('videos')
                .select('id')
                .where('id', '=', input.videoId!)
                .where('ownerId', '=', author)
                .where('deletedAt', 'is', null),
            ),
          )
          .returning('id')
          .executeTakeFirst()
        if (!video) throw fieldError('body.videoId', `${input.videoId} is not a video of yours`)
      }
      const mentioned = await this.writeMentionsAndTags(trx, id, author, text)
      await this.checked(trx, { id, authorId: author, text, language, change: 'created' })
      if (!scheduledAt)
        await this.published(
          trx,
          { id, authorId: author, replyToId: parent?.id ?? null, quoteOfId: quoted?.id ?? null },
          mentioned,
          changed,
        )
      return id
    })
    for (const [postId, counts] of changed) publishCounts(this.live, postId, counts)
    return created
  }

  /** Publishes scheduled posts whose time has come, each exactly once (the update claims it). */
  async publishDue(limit = 100): Promise<number> {
    const changed: Changed = []
    const published = await this.db.transaction().execute(async (trx) => {
      const due = await trx
        .updateTable('posts')
        .set({ publishedAt: sql<Date>`scheduled_at` })
        .where('id', 'in', (eb) =>
          eb
            .selectFrom('posts')
            .select('id')
            .where('publishedAt', 'is', null)
            .where('scheduledAt', '<=', new Date())
            .orderBy('scheduledAt')
            .limit(limit)
            .forUpdate()
            .skipLocked(),
        )
        .returning(['id', 'authorId', 'replyToId', 'quoteOfId'])
        .execute()
      for (const post of due) {
        const mentioned = (
          await trx.selectFrom('postMentions').select('userId').where('postId', '=', post.id).execute()
        ).map((m) => m.userId)
        await this.published(trx, post, mentioned, changed)
      }
      return due.length
    })
    for (const [postId, counts] of changed) publishCounts(this.live, postId, counts)
    return published
  }

  async edit(
    author: string,
    postId: string,
    patch: { text?: string; contentWarning?: string | null; sensitive?: boolean; language?: string },
  ) {
    await this.db.transaction().execute(async (trx) => {
      const post = await this.ownPost(trx, author, postId)
      const text = patch.text?.trim() ?? post.text
      checkText(text)
      // The language stays unless one is given; a post without one gets one detected from its new text.
      const language =
        patch.language ?? post.language ?? (patch.text === undefined ? null : detectLanguage(text))
      await trx
        .insertInto('postEdits')
        .values({
          id: newId(),
          postId,
          text: post.text,
          contentWarning: post.contentWarning,
          sensitive: post.sensitive,
        })
        .execute()
      await trx
        .updateTable('posts')
        .set({
          text,
          contentWarning:
            patch.contentWarning === undefined ? post.contentWarning : patch.contentWarning?.trim() || null,
          sensitive: patch.sensitive ?? post.sensitive,
          language,
          searchConfig: searchConfigOf(language),
          // Each version a later instant, at least a millisecond apart (the content cache's key).
          editedAt: sql<Date>`greatest(clock_timestamp(), edited_at + interval '1 millisecond')`,
        })
        .where('id', '=', postId)
        .execute()
      if (text !== post.text) {
        await bumpTagCounts(trx, postId, -1)
        const before = await trx
          .deleteFrom('postMentions')
          .where('postId', '=', postId)
          .returning('userId')
          .execute()
        await trx.deleteFrom('postTags').where('postId', '=', postId).execute()
        await this.writeMentionsAndTags(
          trx,
          postId,
          author,
          text,
          before.map((m) => m.userId),
        )
        await bumpTagCounts(trx, postId, 1)
      }
      if (text !== post.text)
        await this.checked(trx, { id: postId, authorId: author, text, language, change: 'edited' })
      if (post.publishedAt) await appendEvents(trx, [event('post.edited', author, postId)])
    })
  }

  async remove(actor: string, postId: string): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const post = await this.ownPost(trx, actor, postId)
      await bumpTagCounts(trx, postId, -1)
      await trx.deleteFrom('posts').where('id', '=', postId).execute()
      if (!post.publishedAt) return
      await bumpCounts(trx, [{ userId: post.authorId, posts: -1 }])
      if (post.replyToId) await bumpPostCounts(trx, post.replyToId, { replies: -1 }, post.publishedAt)
      if (post.quoteOfId) await bumpPostCounts(trx, post.quoteOfId, { quotes: -1 }, post.publishedAt)
      await appendEvents(trx, [event('post.deleted', actor, postId, { publishedAt: post.publishedAt })])
    })
  }

  /** A post its author acts on, locked: not found for those who cannot see it, refused for others. */
  private async ownPost(trx: Tx, actor: string, postId: string) {
    const post = await trx
      .selectFrom('posts')
      .selectAll()
      .where('id', '=', postId)
      .forUpdate()
      .executeTakeFirst()
    if (!post || !(await this.canSee(trx, actor, postId)))
      throw new HttpError(problems.notFound, 'No such post')
    if (post.authorId !== actor) throw new HttpError(postProblems.notYours)
    return post
  }

  async canSee(db: Kysely<DB> | Tx, viewer: string | null, postId: string): Promise<boolean> {
    const row = await db
      .selectFrom('posts as p')
      .select('p.id')
      .where('p.id', '=', postId)
      .where(visibleTo(viewer))
      .executeTakeFirst()
    return row !== undefined
  }

  private async visiblePost(trx: Tx, viewer: string, postId: string, field: string) {
    const post = await trx
      .selectFrom('posts as p')
      .select(['p.id', 'p.threadId', 'p.visibility', 'p.authorId'])
      .select((eb) =>
        eb
          .exists(
            eb
              .selectFrom('videos as v')
              .select('v.id')
              .whereRef('v.id', '=', 'p.videoId')
              .where('v.commentsEnabled', '=', false),
          )
          .as('commentsOff'),
      )
      .where('p.id', '=', postId)
      .where('p.publishedAt', 'is not', null)
      .where(visibleTo(viewer))
      .executeTakeFirst()
    if (!post) throw new HttpError(problems.notFound, `${field}: no such post`)
    return post
  }

  /**
   * Records who a post reaches by mention and its tags. A mention reaches nobody when the person
   * blocks the author (or is blocked by them), or their mention policy does not let the author in.
   * Strangers (who do not follow the author) newly mentioned count against the author's tighter
   * `posts.mention_strangers` limit, one each (a 429 rolls the post back): mentions reach
   * notifications, the way to pester people who never chose to hear from the author.
   */
  private async writeMentionsAndTags(
    trx: Tx,
    postId: string,
    author: string,
    text: string,
    mentionedBefore: string[] = [],
  ): Promise<string[]> {
    const names = mentionsIn(text).map((n) => n.toLowerCase())
    let reached: string[] = []
    if (names.length > 0) {
      const rows = await trx
        .selectFrom('users as u')
        .select('u.id')
        .select((eb) =>
          eb
            .not(
              eb.exists(
                eb
                  .selectFrom('follows as f')
                  .select('f.followerId')
                  .whereRef('f.followerId', '=', 'u.id')
                  .where('f.followeeId', '=', author),
              ),
            )
            .as('stranger'),
        )
        .where((eb) => eb(eb.fn('lower', ['u.username']), 'in', names))
        .where('u.id', '!=', author)
        .where('u.status', '!=', 'banned')
        .where(sql<boolean>`not ${blockedBetween(sql.ref('u.id'), author)}`)
        .where(policyAllows('u', 'mention_policy', author))
        .execute()
      reached = rows.map((r) => r.id)
      const strangers = rows.filter((r) => r.stranger && !mentionedBefore.includes(r.id)).length
      await this.mentionStrangers?.(author, strangers)
      if (reached.length > 0)
        await trx
          .insertInto('postMentions')
          .values(reached.map((userId) => ({ postId, userId })))
          .execute()
    }
    const tags = hashtagsIn(text)
    if (tags.length > 0)
      await trx
        .insertInto('postTags')
        .values(tags.map((tag) => ({ postId, tag })))
        .execute()
    return reached
  }

  /** What happens when a post becomes visible: counts, and the events notifications will read. */
  private async published(
    trx: Tx,
    post: { id: string; authorId: string; replyToId: string | null; quoteOfId: string | null },
    mentioned: string[],
    changed: Changed,
  ) {
    await bumpCounts(trx, [{ userId: post.authorId, posts: 1 }])
    await bumpTagCounts(trx, post.id, 1)
    const events: DomainEvent[] = [event('post.created', post.authorId, post.id)]
    if (post.replyToId) {
      changed.push([post.replyToId, await bumpPostCounts(trx, post.replyToId, { replies: 1 })])
      events.push(event('post.replied', post.authorId, post.replyToId, { replyId: post.id }))
    }
    if (post.quoteOfId) {
      changed.push([post.quoteOfId, await bumpPostCounts(trx, post.quoteOfId, { quotes: 1 })])
      events.push(event('post.quoted', post.authorId, post.quoteOfId, { quoteId: post.id }))
    }
    for (const userId of mentioned) events.push(event('user.mentioned', post.authorId, post.id, { userId }))
    await appendEvents(trx, events)
  }
}

/**
 * Changes a post's counts under its row lock: exact however many people act at once. The same
 * interactions go into the post's activity (recordActivity), at `at`: when the interaction taken
 * back was made (now for a new one).
 */
export async function bumpPostCounts(
  trx: Tx,
  postId: string,
  delta: ActivityDelta,
  at?: Date,
): Promise<PostCounts | undefined> {
  await recordActivity(trx, postId, delta, at)
  const row = await trx
    .updateTable('postCounts')
    .set({
      likes: sql`likes + ${delta.likes ?? 0}`,
      reposts: sql`reposts + ${delta.reposts ?? 0}`,
      replies: sql`replies + ${delta.replies ?? 0}`,
      quotes: sql`quotes + ${delta.quotes ?? 0}`,
    })
    .where('postId', '=', postId)
    .returning(['likes', 'reposts', 'replies', 'quotes'])
    .executeTakeFirst()
  return (
    row && {
      likes: Number(row.likes),
      reposts: Number(row.reposts),
      replies: Number(row.replies),
      quotes: Number(row.quotes),
    }
  )
}

/** Posts whose counts a transaction changed, to tell their live channels once it commits. */
type Changed = [string, PostCounts | undefined][]

export interface PostCounts {
  likes: number
  reposts: number
  replies: number
  quotes: number
}

/**
 * Tells the post's live channel (`post:<id>`, for whoever may see the post) its counts, after the
 * change committed. At most once, like every live message: a client that missed one reads the post.
 */
export function publishCounts(
  live: LivePublisher | undefined,
  postId: string,
  counts: PostCounts | undefined,
) {
  if (live && counts) live.publish(`post:${postId}`, 'post.counts', { postId, counts })
}

export function event(type: string, actor: string, postId: string, data: Record<string, unknown> = {}) {
  return domainEvent({ type, actorId: actor, subject: { kind: 'post', id: postId }, data })
}

function checkText(text: string, hasMedia = false): void {
  if (text.length === 0 && !hasMedia) throw fieldError('body.text', 'must not be empty')
  if ([...text].length > POST_MAX_LENGTH)
    throw fieldError('body.text', `must be at most ${POST_MAX_LENGTH} characters`)
}
