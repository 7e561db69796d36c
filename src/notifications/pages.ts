import { Elysia, t } from 'elysia'
import { HttpError } from '../platform/errors.ts'
import { languagesOf } from '../platform/http/languages.ts'
import { esc } from './channels/email.ts'
import { LOCALES, type NotificationTypes, pickLocale } from './registry.ts'
import type { NotificationSettings } from './settings.ts'

const HIDDEN = { detail: { hide: true } }

/** The page's words per locale (the account's, else its language, else English). */
const WORDS: Record<
  (typeof LOCALES)[number],
  {
    title: string
    stop(what: 'all' | 'digest' | { name: string }): string
    button: string
    doneTitle: string
    done: string
    badTitle: string
    bad: string
  }
> = {
  en: {
    title: 'Unsubscribe',
    stop: (what) =>
      what === 'all'
        ? 'Stop all notification e-mail?'
        : what === 'digest'
          ? 'Stop digest e-mail?'
          : `Stop e-mail about ${what.name} notifications?`,
    button: 'Unsubscribe',
    doneTitle: 'You are unsubscribed',
    done: 'You can turn these mails back on in your notification settings.',
    badTitle: 'This link is not valid',
    bad: 'Open your notification settings in the app instead.',
  },
  fr: {
    title: 'Se désabonner',
    stop: (what) =>
      what === 'all'
        ? 'Ne plus recevoir aucun e-mail de notification ?'
        : what === 'digest'
          ? 'Ne plus recevoir les e-mails de résumé ?'
          : `Ne plus recevoir d’e-mail pour les notifications « ${what.name} » ?`,
    button: 'Se désabonner',
    doneTitle: 'Désabonnement effectué',
    done: 'Vous pouvez réactiver ces e-mails dans vos réglages de notification.',
    badTitle: 'Ce lien n’est pas valide',
    bad: 'Ouvrez plutôt vos réglages de notification dans l’application.',
  },
}

const html = (lang: string, title: string, body: string) =>
  new Response(
    `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">` +
      `<title>${esc(title)}</title></head><body style="font-family:system-ui,sans-serif;max-width:32rem;margin:3rem auto">` +
      `<h1>${esc(title)}</h1>${body}</body></html>`,
    { headers: { 'content-type': 'text/html; charset=utf-8', 'content-language': lang } },
  )

/** A link that is not valid names no account: the browser's languages choose. */
const invalid = (acceptLanguage: string | null) => {
  const lang = pickLocale(
    languagesOf(acceptLanguage).find((l) => (LOCALES as readonly string[]).includes(l)),
    LOCALES,
  ) as keyof typeof WORDS
  return html(lang, WORDS[lang].badTitle, `<p>${esc(WORDS[lang].bad)}</p>`)
}

/**
 * The page the footer of notification mail links to: a button that unsubscribes (a plain form
 * posting to itself; a GET alone changes nothing, so link scanners cannot unsubscribe anyone),
 * in the account's locale. Mail clients use the List-Unsubscribe header's one-click POST instead.
 */
export function unsubscribePages(settings: NotificationSettings, types: NotificationTypes) {
  const Query = t.Object({ token: t.String({ maxLength: 200, pattern: '^[A-Za-z0-9_.-]+$' }) })
  const wordsOf = (locale: string) => {
    const lang = pickLocale(locale, LOCALES) as keyof typeof WORDS
    return { lang, words: WORDS[lang] }
  }
  return new Elysia({ name: 'notification-pages' })
    .get(
      '/unsubscribe',
      async ({ query, headers }) => {
        let target: Awaited<ReturnType<NotificationSettings['unsubscribeTarget']>>
        try {
          target = await settings.unsubscribeTarget(query.token)
        } catch (error) {
          if (!(error instanceof HttpError)) throw error
          return invalid(headers['accept-language'] ?? null)
        }
        const { lang, words } = wordsOf(target.locale)
        const what =
          target.type === 'all' || target.type === 'digest'
            ? target.type
            : { name: types.nameIn(target.type, lang) }
        return html(
          lang,
          words.title,
          `<p>${esc(words.stop(what))}</p><form method="post" action="/unsubscribe?token=${esc(query.token)}">` +
            `<button type="submit">${esc(words.button)}</button></form>`,
        )
      },
      { query: Query, ...HIDDEN },
    )
    .post(
      '/unsubscribe',
      async ({ query, headers }) => {
        let locale: string
        try {
          locale = (await settings.unsubscribeTarget(query.token)).locale
          await settings.unsubscribe(query.token)
        } catch (error) {
          if (!(error instanceof HttpError)) throw error
          return invalid(headers['accept-language'] ?? null)
        }
        const { lang, words } = wordsOf(locale)
        return html(lang, words.doneTitle, `<p>${esc(words.done)}</p>`)
      },
      { query: Query, parse: ['urlencoded', 'none'], ...HIDDEN },
    )
}
