import { Elysia, t } from 'elysia'
import { esc } from './channels/email.ts'
import type { NotificationSettings } from './settings.ts'

const HIDDEN = { detail: { hide: true } }

const html = (title: string, body: string) =>
  new Response(
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">` +
      `<title>${esc(title)}</title></head><body style="font-family:system-ui,sans-serif;max-width:32rem;margin:3rem auto">` +
      `<h1>${esc(title)}</h1>${body}</body></html>`,
    { headers: { 'content-type': 'text/html; charset=utf-8' } },
  )

/**
 * The page the footer of notification mail links to: a button that unsubscribes (a plain form
 * posting to itself; a GET alone changes nothing, so link scanners cannot unsubscribe anyone).
 * Mail clients use the List-Unsubscribe header's one-click POST instead.
 */
export function unsubscribePages(settings: NotificationSettings) {
  const Query = t.Object({ token: t.String({ maxLength: 200, pattern: '^[A-Za-z0-9_.-]+$' }) })
  return new Elysia({ name: 'notification-pages' })
    .get(
      '/unsubscribe',
      ({ query }) => {
        try {
          const { type } = settings.checkUnsubscribe(query.token)
          const what =
            type === 'all'
              ? 'all notification e-mail'
              : type === 'digest'
                ? 'digest e-mail'
                : `e-mail about ${type.replaceAll('_', ' ')}`
          return html(
            'Unsubscribe',
            `<p>Stop ${esc(what)}?</p><form method="post" action="/unsubscribe?token=${esc(query.token)}">` +
              `<button type="submit">Unsubscribe</button></form>`,
          )
        } catch {
          return html('This link is not valid', '<p>Open your notification settings in the app instead.</p>')
        }
      },
      { query: Query, ...HIDDEN },
    )
    .post(
      '/unsubscribe',
      async ({ query }) => {
        try {
          await settings.unsubscribe(query.token)
          return html(
            'You are unsubscribed',
            '<p>You can turn these mails back on in your notification settings.</p>',
          )
        } catch {
          return html('This link is not valid', '<p>Open your notification settings in the app instead.</p>')
        }
      },
      { query: Query, parse: ['urlencoded', 'none'], ...HIDDEN },
    )
}
