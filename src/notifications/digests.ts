import { type Kysely, sql } from 'kysely'
import { readableBy } from '../payments/entitlements.ts'
import type { DB, Json } from '../platform/db/schema.ts'
import { newId } from '../platform/ids.ts'
import type { Logger } from '../platform/logger.ts'
import type { Content } from './channels/channel.ts'
import type { NotificationDispatcher } from './dispatcher.ts'
import { pickLocale } from './registry.ts'

const BATCH = 200

/** What a digest says, per locale (the account's, else its language, else English). */
const WORDS: Record<
  string,
  {
    missed(period: 'daily' | 'weekly', n: number): string
    posts(period: 'daily' | 'weekly'): string
    /** `name`: the type's, in this locale (the registry's). */
    line(n: number, name: string): string
    likes(n: number): string
    action: string
  }
> = {
  en: {
    missed: (p, n) => `Your ${p} digest: ${n} notification${n === 1 ? '' : 's'} you missed`,
    posts: (p) => `Your ${p} digest: posts from people you follow`,
    line: (n, name) => `${n} new ${name} notification${n === 1 ? '' : 's'}`,
    likes: (n) => `${n} like${n === 1 ? '' : 's'}`,
    action: 'Open SocialFlow',
  },
  fr: {
    missed: (p, n) =>
      `Votre résumé ${p === 'daily' ? 'du jour' : 'de la semaine'} : ${n} notification${n === 1 ? '' : 's'} manquée${n === 1 ? '' : 's'}`,
    posts: (p) =>
      `Votre résumé ${p === 'daily' ? 'du jour' : 'de la semaine'} : les publications des comptes que vous suivez`,
    line: (n, name) => `${n} nouvelle${n === 1 ? '' : 's'} notification${n === 1 ? '' : 's'} (${name})`,
    likes: (n) => `${n} j'aime`,
    action: 'Ouvrir SocialFlow',
  },
}

/**
 * Daily or weekly e-mail of what was missed: unread notifications by type and the most liked posts
 * of followed accounts since the last digest, sent at the account's chosen local hour (its time
 * zone; the dispatcher's clock, movable in tests), skipped when there is nothing. It goes out as
 * an e-mail delivery of type `digest`, tracked and unsubscribable like any other.
 */
export class Digests {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly dispatcher: NotificationDispatcher,
    private readonly publicUrl: string,
    private readonly log: Logger,
  ) {}

  /** One pass over the accounts whose digest hour it is; true when more may be due. */
  async round(): Promise<boolean> {
    const now = this.dispatcher.clock.now()
    return this.db.transaction().execute(async (trx) => {
      const due = await sql<{
        id: string
        email: string
        locale: string
        digest: string
        lastDigestAt: Date | null
      }>`
        select u.id, u.email, u.locale, s.digest, s.last_digest_at as "lastDigestAt"
        from notification_settings s join users u on u.id = s.user_id
        where s.digest <> 'off' and not s.email_off and u.email_verified_at is not null and u.status <> 'banned'
          and extract(hour from (${now}::timestamptz at time zone u.time_zone)) = s.digest_hour
          and (s.digest = 'daily' or extract(isodow from (${now}::timestamptz at time zone u.time_zone)) = s.digest_weekday)
          and (s.last_digest_at is null or s.last_digest_at < ${now}::timestamptz
            - case when s.digest = 'daily' then interval '20 hours' else interval '6 days' end)
          and not exists (select 1 from email_suppressions es where es.address = lower(u.email))
        order by s.user_id
        limit ${BATCH}
        for update of s skip locked`.execute(trx)
      const queued: { id: string; channel: string }[] = []
      for (const u of due.rows) {
        const days = u.digest === 'daily' ? 1 : 7
        const since = u.lastDigestAt ?? new Date(now.getTime() - days * 86_400_000)
        const content = await this.compose(
          trx,
          u.id,
          since,
          u.digest === 'daily' ? 'daily' : 'weekly',
          u.locale,
        )
        await trx
          .updateTable('notificationSettings')
          .set({ lastDigestAt: now })
          .where('userId', '=', u.id)
          .execute()
        if (!content) continue
        const id = newId()
        const made = await trx
          .insertInto('notificationDeliveries')
          .values({
            id,
            userId: u.id,
            type: 'digest',
            channel: 'email',
            state: 'queued',
            dedupKey: `digest:${u.id}:${now.toISOString().slice(0, 13)}`,
            targetId: u.email,
            expiresAt: new Date(now.getTime() + days * 86_400_000),
            content: sql<Json>`${JSON.stringify(content)}::text::jsonb`,
          })
          .onConflict((oc) => oc.column('dedupKey').doNothing())
          .returning('id')
          .executeTakeFirst()
        if (made) queued.push({ id, channel: 'email' })
      }
      await this.dispatcher.queueDeliveries(trx, queued)
      if (due.rows.length)
        this.log.info({ accounts: due.rows.length, digests: queued.length }, 'digests made')
      return due.rows.length === BATCH
    })
  }

  private async compose(
    trx: Kysely<DB>,
    userId: string,
    since: Date,
    period: 'daily' | 'weekly',
    locale: string,
  ): Promise<Content | undefined> {
    const [unread, top] = await Promise.all([
      trx
        .selectFrom('notifications')
        .select(['type', sql<string>`count(*)`.as('n')])
        .where('userId', '=', userId)
        .where('readAt', 'is', null)
        .where('filtered', '=', false)
        .where('createdAt', '>', since)
        .groupBy('type')
        .orderBy(sql`count(*)`, 'desc')
        .execute(),
      sql<{ id: string; text: string; username: string; likes: string }>`
        select p.id, p.text, a.username, coalesce(c.likes, 0) as likes
        from follows f join posts p on p.author_id = f.followee_id
        join users a on a.id = p.author_id and a.status <> 'banned'
        left join post_counts c on c.post_id = p.id
        where f.follower_id = ${userId} and p.created_at > ${since} and p.reply_to_id is null
          and p.visibility = 'public' and p.moderation is null and p.media_moderation is null
          and ${readableBy(userId)}
        order by coalesce(c.likes, 0) desc, p.created_at desc
        limit 3`.execute(trx),
    ])
    if (unread.length === 0 && top.rows.length === 0) return undefined
    const total = unread.reduce((n, r) => n + Number(r.n), 0)
    const lang = pickLocale(locale, Object.keys(WORDS))
    const words = WORDS[lang]!
    const lines = [
      ...unread.map((r) => words.line(Number(r.n), this.dispatcher.types.nameIn(r.type, lang))),
      ...top.rows.map((p) => `@${p.username}: ${p.text.slice(0, 140)} (${words.likes(Number(p.likes))})`),
    ]
    return {
      type: 'digest',
      title: total > 0 ? words.missed(period, total) : words.posts(period),
      body: lines.join('\n'),
      action: words.action,
      url: `${this.publicUrl}/notifications`,
      count: total,
      topic: null,
      locale: lang,
    }
  }
}
