import { type Kysely, sql } from 'kysely'
import type { DB } from '../../platform/db/schema.ts'
import { enqueueMails } from '../../platform/mail/mail-queue.ts'
import type { MailMessage } from '../../platform/mail/mailer.ts'
import type { Links } from '../keys.ts'
import { pickLocale } from '../registry.ts'
import type { Channel, Content, Delivery, Outcome } from './channel.ts'

/**
 * E-mail through the platform's mail queue (nodemailer: SMTP, or the folder mailer by default):
 * an HTML and a text part from the type's strings, a tracked link, and `List-Unsubscribe` with
 * RFC 8058's one-click `List-Unsubscribe-Post`, whose link works without signing in. Suppressed
 * addresses (bounces, complaints) get nothing. The mail queue retries; its outcome becomes the
 * delivery's (a trigger on the queue).
 */
export class EmailChannel implements Channel {
  readonly name = 'email' as const
  readonly notConfigured = null

  constructor(
    private readonly db: Kysely<DB>,
    private readonly links: Links,
  ) {}

  async deliver(deliveries: Delivery[]): Promise<Map<string, Outcome>> {
    const out = new Map<string, Outcome>()
    if (deliveries.length === 0) return out
    const suppressed = new Set(
      (
        await this.db
          .selectFrom('emailSuppressions')
          .select('address')
          .where(
            'address',
            'in',
            deliveries.map((d) => d.targetId.toLowerCase()),
          )
          .execute()
      ).map((r) => r.address),
    )
    const sending: Delivery[] = []
    const mails: MailMessage[] = []
    for (const d of deliveries) {
      if (suppressed.has(d.targetId.toLowerCase())) {
        out.set(d.id, { state: 'skipped', reason: 'suppressed' })
        continue
      }
      const mail = composeEmail(d.content, {
        openUrl: this.links.openUrl(d.id),
        unsubscribeUrl: this.links.unsubscribeUrl(d.userId, d.type),
        unsubscribePage: this.links.unsubscribePage(d.userId, d.type),
      })
      sending.push(d)
      mails.push({
        to: d.targetId,
        ...mail,
        headers: {
          ...mail.headers,
          // Postmark hands metadata back in its webhooks: how a bounce finds its delivery.
          'X-PM-Metadata-delivery': d.id,
        },
      })
    }
    await this.db.transaction().execute(async (trx) => {
      // The batch's mails in one statement (not one round trip and one queue wake-up each).
      const mailIds = await enqueueMails(trx, 'notification', mails)
      for (const [i, d] of sending.entries()) out.set(d.id, { state: 'mailed', mailId: mailIds[i]! })
      // In the mail's transaction: the queue may send it before the outcome is recorded, and its
      // trigger finds the delivery by this id.
      const mailed = [...out].flatMap(([id, o]) => (o.state === 'mailed' ? [[id, o.mailId] as const] : []))
      if (mailed.length)
        await sql`update notification_deliveries d set mail_id = v.mail_id
          from unnest(${mailed.map((m) => m[0])}::uuid[], ${mailed.map((m) => m[1])}::uuid[]) as v (id, mail_id)
          where d.id = v.id`.execute(trx)
    })
    return out
  }
}

/** The mail's own words (its footer), per locale; English is the fallback. */
const FOOTER: Record<string, { why: string; stop: string }> = {
  en: {
    why: 'You get this mail because of your notification settings on SocialFlow.',
    stop: 'Stop these mails',
  },
  fr: {
    why: 'Vous recevez ce message en raison de vos réglages de notification sur SocialFlow.',
    stop: 'Ne plus recevoir ces messages',
  },
}

/** The HTML and text of a notification e-mail in its content's locale, with its unsubscribe headers. */
export function composeEmail(
  c: Content,
  links: { openUrl: string; unsubscribeUrl: string; unsubscribePage: string },
): { subject: string; text: string; html: string; headers: Record<string, string> } {
  const lang = pickLocale(c.locale, Object.keys(FOOTER))
  const footer = FOOTER[lang]!
  const text =
    `${c.title}\n\n${c.body ? `${c.body}\n\n` : ''}${c.action}: ${links.openUrl}\n\n` +
    `--\n${footer.why}\n` +
    `${footer.stop}: ${links.unsubscribePage}\n`
  const html = `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>${esc(c.title)}</title></head>
<body style="font-family:system-ui,sans-serif;background:#f5f5f7;margin:0;padding:24px">
<table role="presentation" style="max-width:560px;margin:auto;background:#fff;border-radius:12px;padding:24px">
<tr><td>
<h1 style="font-size:20px;margin:0 0 12px">${esc(c.title)}</h1>
${c.body ? `<p style="font-size:16px;line-height:1.5;color:#333">${esc(c.body)}</p>` : ''}
<p><a href="${esc(links.openUrl)}" style="display:inline-block;background:#5b3cc4;color:#fff;padding:10px 18px;border-radius:8px;text-decoration:none">${esc(c.action)}</a></p>
<p style="font-size:12px;color:#777">${esc(footer.why)}
<a href="${esc(links.unsubscribePage)}">${esc(footer.stop)}</a>.</p>
</td></tr></table></body></html>
`
  return {
    subject: c.title,
    text,
    html,
    headers: {
      'List-Unsubscribe': `<${links.unsubscribeUrl}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    },
  }
}

export function esc(s: string): string {
  return s
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;')
}
