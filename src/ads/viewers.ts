import { createHash } from 'node:crypto'
import { type Kysely, sql } from 'kysely'
import type { DB } from '../platform/db/schema.ts'
import { languagesOf } from '../platform/http/languages.ts'
import { ageBandOf, deviceOf, type Viewer } from './targeting.ts'

/** What a request tells about who is looking (read by the route; the service never sees the request). */
export interface ViewerRequest {
  userId: string | null
  /** Client address (for anonymous viewers' key and invalid-traffic counts). */
  address: string | null
  country: string | null
  userAgent: string | null
  acceptLanguage: string | null
}

/** The request's side of a viewer, from its headers: the country header only behind a trusted proxy. */
export function viewerRequest(
  userId: string | null,
  headers: Headers,
  address: string | null | undefined,
  countryHeader: string,
): ViewerRequest {
  const country = countryHeader ? headers.get(countryHeader)?.trim().toUpperCase() : undefined
  return {
    userId,
    address: address ?? null,
    country: country && /^[A-Z]{2}$/.test(country) ? country : null,
    userAgent: headers.get('user-agent'),
    acceptLanguage: headers.get('accept-language'),
  }
}

interface Known {
  birthDate: Date | null
  /** The language of the account's locale (`pt` of `pt-BR`), if it set one. */
  language: string | null
  optedOut: boolean
  timeZone: string | null
  interests: Set<string>
  at: number
}

const CACHE_MS = 60_000
const CACHE_MAX = 50_000

/**
 * Viewers as selection sees them. A signed-in viewer's birth date, language (their account's
 * locale, beside the request's Accept-Language), ad preferences and interests
 * (tags of the posts they lately wrote, liked, reposted or replied to: the platform has no tags to
 * follow; bookmarks are private and not used) are read once a minute at most (kept in memory,
 * the least recently used out first); the rest comes from the request.
 */
export class Viewers {
  private readonly known = new Map<string, Known>()

  constructor(private readonly db: Kysely<DB>) {}

  async resolve(req: ViewerRequest, at: Date): Promise<Viewer> {
    const known = req.userId ? await this.load(req.userId) : undefined
    return {
      userId: req.userId,
      key: req.userId
        ? `u:${req.userId}`
        : `a:${createHash('sha256')
            .update(req.address ?? 'unknown')
            .digest('base64url')
            .slice(0, 22)}`,
      country: req.country,
      ageBand: ageBandOf(known?.birthDate ?? null, at),
      device: deviceOf(req.userAgent),
      // The account's language first, then the browser's.
      languages: [
        ...new Set([...(known?.language ? [known.language] : []), ...languagesOf(req.acceptLanguage)]),
      ],
      interests: known?.interests ?? new Set(),
      timeZone: known?.timeZone ?? 'UTC',
      optedOut: known?.optedOut ?? false,
    }
  }

  /** Forgets what was read of a user (their preferences changed). */
  forget(userId: string): void {
    this.known.delete(userId)
  }

  private async load(userId: string): Promise<Known> {
    const cached = this.known.get(userId)
    if (cached && cached.at > Date.now() - CACHE_MS) {
      this.known.delete(userId)
      this.known.set(userId, cached)
      return cached
    }
    const row = await this.db
      .selectFrom('users as u')
      .leftJoin('adViewerSettings as s', 's.userId', 'u.id')
      .select([
        'u.birthDate',
        'u.locale',
        's.optedOut',
        's.timeZone',
        sql<string[]>`array(select distinct t.tag from (
          (select pt.tag from likes l join post_tags pt on pt.post_id = l.post_id
            where l.user_id = u.id order by l.created_at desc limit 200)
          union all
          (select pt.tag from reposts r join post_tags pt on pt.post_id = r.post_id
            where r.user_id = u.id order by r.created_at desc limit 200)
          union all
          (select pt.tag from posts p join post_tags pt on pt.post_id in (p.id, p.reply_to_id)
            where p.author_id = u.id and p.published_at is not null order by p.published_at desc limit 200)) t)`.as(
          'interests',
        ),
      ])
      .where('u.id', '=', userId)
      .executeTakeFirst()
    const known: Known = {
      birthDate: row?.birthDate ?? null,
      language: row?.locale ? row.locale.split('-')[0]!.toLowerCase() : null,
      optedOut: row?.optedOut ?? false,
      timeZone: row?.timeZone ?? null,
      interests: new Set((row?.interests ?? []).map((t) => t.toLowerCase())),
      at: Date.now(),
    }
    this.known.set(userId, known)
    if (this.known.size > CACHE_MAX) this.known.delete(this.known.keys().next().value!)
    return known
  }
}
