import { type Kysely, sql, type Transaction } from 'kysely'
import { view as mediaView, type Variant } from '../media/images.ts'
import { contentMarks } from '../moderation/marks.ts'
import { domainEvent } from '../platform/bus/events.ts'
import type { LivePublisher } from '../platform/bus/live.ts'
import { appendEvents } from '../platform/bus/outbox.ts'
import type { DB, Json } from '../platform/db/schema.ts'
import { fieldError, HttpError, problems } from '../platform/errors.ts'
import { calendarDateField } from '../platform/http/dates.ts'
import { checkName } from '../platform/text.ts'
import type { GraphService } from './graph.ts'
import {
  isAdult,
  type ProfileRow,
  profileById,
  profileByUsername,
  profileForViewer,
  type relationship,
} from './queries.ts'

export type Policy = 'everyone' | 'following' | 'nobody'
export type PresenceVisibility = 'everyone' | 'mutuals' | 'nobody'

const TIME_ZONES = new Set([...Intl.supportedValuesOf('timeZone'), 'UTC'])
/** A BCP 47 tag as accounts give it (en, fr, pt-BR, zh-Hant-TW); the same check as the database's (0064). */
export const LOCALE_PATTERN = '^[a-z]{2,3}(-[A-Z][a-z]{3})?(-([A-Z]{2}|[0-9]{3}))?$'

export interface ProfilePatch {
  displayName?: string | null
  bio?: string | null
  links?: { title: string; url: string }[]
  isPrivate?: boolean
  mentionPolicy?: Policy
  messagePolicy?: Policy
  screenMessages?: boolean
  presenceVisibility?: PresenceVisibility
  birthDate?: string | null
  /** IANA time zone (quiet hours and digests follow it). */
  timeZone?: string
  /** BCP 47 language of what is sent to the account (notifications, digests). */
  locale?: string
  avatarMediaId?: string | null
  bannerMediaId?: string | null
}

/** The profile images of a profile, as posts show their images (media/images.ts). */
type ProfileImages = Map<
  string,
  ReturnType<typeof mediaView> & { sensitive: boolean; contentWarning: string | null }
>

/** A profile as a viewer sees it: their standing towards it, and the owner's settings for the owner. */
export function profileView(
  row: ProfileRow,
  rel: Awaited<ReturnType<typeof relationship>> | null,
  isSelf: boolean,
  images: ProfileImages,
) {
  return {
    id: row.id,
    username: row.username,
    displayName: row.displayName,
    bio: row.bio,
    avatar: (row.avatarMediaId && images.get(row.avatarMediaId)) || null,
    banner: (row.bannerMediaId && images.get(row.bannerMediaId)) || null,
    links: row.links as { title: string; url: string }[],
    isPrivate: row.isPrivate,
    createdAt: row.createdAt.toISOString(),
    counts: { followers: Number(row.followers), following: Number(row.following), posts: Number(row.posts) },
    relationship: rel,
    settings: isSelf
      ? {
          mentionPolicy: row.mentionPolicy as Policy,
          messagePolicy: row.messagePolicy as Policy,
          screenMessages: row.screenMessages,
          presenceVisibility: row.presenceVisibility as PresenceVisibility,
          birthDate: row.birthDate ? new Date(row.birthDate).toISOString().slice(0, 10) : null,
          timeZone: row.timeZone,
          locale: row.locale,
        }
      : null,
  }
}

export class ProfileService {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly graph: GraphService,
    /** Tells gateways who may no longer listen (presence shared with fewer, an account gone private). */
    private readonly live?: LivePublisher,
  ) {}

  async get(viewer: string | null, username: string) {
    if (!viewer) {
      const row = await this.graph.visibleTarget(null, username)
      return profileView(row, null, false, await this.images(row, null))
    }
    // Signed in: the profile, the blocks and the relationship in one round trip.
    const found = await profileForViewer(this.db, username, viewer)
    if (!found || (found.blocksViewer && found.profile.id !== viewer))
      throw new HttpError(problems.notFound, `No account @${username}`)
    const isSelf = viewer === found.profile.id
    return profileView(
      found.profile,
      isSelf ? null : found.relationship,
      isSelf,
      await this.images(found.profile, isSelf ? undefined : viewer),
    )
  }

  /** The signed-in account's own profile (GET /v1/me, beside the account). */
  async own(userId: string) {
    const row = await profileById(this.db, userId)
    if (!row) throw new HttpError(problems.notFound, 'This account no longer exists')
    return profileView(row, null, true, await this.images(row))
  }

  /**
   * The profile's images, as moderation left them: to others (`viewer`: an id, null anonymous;
   * undefined for the owner) not those it holds or removed, and those it age-restricted only to
   * adults; marked `sensitive` (sensitive and age-restricted: the label as `contentWarning`) so
   * clients blur them, as they do posts and videos.
   */
  private async images(row: ProfileRow, viewer?: string | null): Promise<ProfileImages> {
    const ids = [row.avatarMediaId, row.bannerMediaId].filter((id): id is string => id !== null)
    if (ids.length === 0) return new Map()
    const media = await this.db
      .selectFrom('media')
      .select(['id', 'altText', 'width', 'height', 'variants', 'moderation', 'moderationWarning'])
      .where('id', 'in', ids)
      .$if(viewer !== undefined, (q) =>
        q.where((eb) =>
          eb.or([
            eb('moderation', 'is', null),
            eb('moderation', '=', 'sensitive'),
            ...(viewer ? [eb.and([eb('moderation', '=', 'age_restricted'), isAdult(viewer)])] : []),
          ]),
        ),
      )
      .execute()
    return new Map(
      media.map((m) => {
        return [
          m.id,
          {
            ...mediaView({ ...m, variants: m.variants as unknown as Variant[] }),
            ...contentMarks(m.moderation, m.moderationWarning),
          },
        ]
      }),
    )
  }

  /**
   * Checks that an image a profile is to show is the caller's own upload, and keeps it from the
   * media expiry until the profile is written (the expiry skips rows locked here). Ids are handed out
   * by POST /v1/media once the image's files are stored, so an image found here is ready.
   */
  private async ownImage(trx: Transaction<DB>, userId: string, field: string, id: string): Promise<void> {
    const image = await trx
      .selectFrom('media')
      .select('id')
      .where('id', '=', id)
      .where('ownerId', '=', userId)
      .where('contentType', 'like', 'image/%')
      .forShare()
      .executeTakeFirst()
    if (!image) throw fieldError(field, `${id} is not an image you uploaded through POST /v1/media`)
  }

  async update(userId: string, patch: ProfilePatch) {
    // Shown to others as names: no bidi controls or invisible characters (platform/text.ts).
    checkName('body.displayName', patch.displayName)
    for (const [i, link] of (patch.links ?? []).entries()) checkName(`body.links.${i}.title`, link.title)
    const username = await this.db.transaction().execute(async (trx) => {
      const before = await trx
        .selectFrom('users')
        .select(['username', 'isPrivate'])
        .where('id', '=', userId)
        .forUpdate()
        .executeTakeFirst()
      if (!before) throw new HttpError(problems.notFound)
      if (patch.birthDate) {
        const born = calendarDateField('body.birthDate', patch.birthDate)
        if (born > new Date() || born.getUTCFullYear() < 1900)
          throw fieldError('body.birthDate', 'not a plausible date of birth')
      }
      if (patch.timeZone !== undefined && !TIME_ZONES.has(patch.timeZone))
        throw fieldError('body.timeZone', 'an IANA time zone, e.g. Europe/Paris')
      if (patch.avatarMediaId) await this.ownImage(trx, userId, 'body.avatarMediaId', patch.avatarMediaId)
      if (patch.bannerMediaId) await this.ownImage(trx, userId, 'body.bannerMediaId', patch.bannerMediaId)
      await trx
        .updateTable('users')
        .set({
          ...(patch.avatarMediaId !== undefined ? { avatarMediaId: patch.avatarMediaId } : {}),
          ...(patch.bannerMediaId !== undefined ? { bannerMediaId: patch.bannerMediaId } : {}),
          ...(patch.displayName !== undefined ? { displayName: patch.displayName?.trim() || null } : {}),
          ...(patch.bio !== undefined ? { bio: patch.bio?.trim() || null } : {}),
          ...(patch.links !== undefined
            ? { links: sql<Json>`${JSON.stringify(patch.links)}::text::jsonb` }
            : {}),
          ...(patch.isPrivate !== undefined ? { isPrivate: patch.isPrivate } : {}),
          ...(patch.mentionPolicy ? { mentionPolicy: patch.mentionPolicy } : {}),
          ...(patch.messagePolicy ? { messagePolicy: patch.messagePolicy } : {}),
          ...(patch.screenMessages !== undefined ? { screenMessages: patch.screenMessages } : {}),
          ...(patch.presenceVisibility ? { presenceVisibility: patch.presenceVisibility } : {}),
          ...(patch.birthDate !== undefined ? { birthDate: patch.birthDate } : {}),
          ...(patch.timeZone !== undefined ? { timeZone: patch.timeZone } : {}),
          ...(patch.locale !== undefined ? { locale: patch.locale } : {}),
          updatedAt: new Date(),
        })
        .where('id', '=', userId)
        .execute()
      if (before.isPrivate && patch.isPrivate === false) await this.graph.acceptAllRequests(trx, userId)
      await appendEvents(trx, [
        domainEvent({
          type: 'user.profile_updated',
          actorId: userId,
          subject: { kind: 'user', id: userId },
          data: { fields: Object.keys(patch).filter((k) => k !== 'birthDate') },
        }),
      ])
      return before.username
    })
    if (patch.presenceVisibility || patch.isPrivate)
      await this.fewerMayListen(userId, Boolean(patch.isPrivate))
    const row = (await profileByUsername(this.db, username))!
    return profileView(row, null, true, await this.images(row))
  }

  /**
   * Presence shared with fewer people, or an account gone private: the gateways check the
   * watchers of its presence again, and of its latest posts (a post's channel is watched while
   * it is fresh; older ones are checked when subscribed to).
   */
  private async fewerMayListen(userId: string, wentPrivate: boolean): Promise<void> {
    if (!this.live) return
    const posts = wentPrivate
      ? await this.db
          .selectFrom('posts')
          .select('id')
          .where('authorId', '=', userId)
          .orderBy('id', 'desc')
          .limit(RECHECKED_POSTS)
          .execute()
      : []
    this.live.accessChanged({ channels: [`presence:${userId}`, ...posts.map((p) => `post:${p.id}`)] })
  }
}

/** The latest posts whose watchers are checked again when their author goes private. */
const RECHECKED_POSTS = 200
