import { Elysia } from 'elysia'

/**
 * The pages the account mails link to (src/auth/mails.ts): confirm a sign-up, verify an address,
 * choose a new password, ask for a reset link. Plain HTML forms that call the API on the same
 * origin (PUBLIC_URL), with one script served as a file (account-pages.js): the pages' policy
 * allows scripts and requests to this origin only, and nothing here is inline. A front end of
 * one's own can offer the same forms: the mails' codes also work pasted into the API.
 */
export function accountPages() {
  return new Elysia({ name: 'account-pages' })
    .get('/account-pages.js', () => new Response(Bun.file(SCRIPT), { headers: SCRIPT_HEADERS }), HIDDEN)
    .get(
      '/confirm-signup',
      () =>
        page(
          'Finish signing up',
          form(
            '/v1/auth/register/confirm',
            'Your account is ready: sign in from the app.',
            'Create my account',
          ),
        ),
      HIDDEN,
    )
    .get(
      '/verify-email',
      () =>
        page(
          'Confirm your e-mail address',
          form('/v1/auth/email/verify', 'Your address is confirmed.', 'Confirm my address'),
        ),
      HIDDEN,
    )
    .get(
      '/reset-password',
      () =>
        page(
          'Choose a new password',
          form(
            '/v1/auth/password/reset',
            'Your password is changed, and every session signed out: sign in with the new one.',
            'Change my password',
            `<label>New password <input name="password" type="password" autocomplete="new-password" minlength="10" required></label>
      <label>The same again <input name="repeat" type="password" autocomplete="new-password" minlength="10" required></label>`,
          ),
        ),
      HIDDEN,
    )
    .get(
      '/forgot-password',
      () =>
        page(
          'Forgot your password?',
          form(
            '/v1/auth/password/forgot',
            'If this address has an account, a link to choose a new password is on its way.',
            'Mail me a link',
            '<label>E-mail address <input name="email" type="email" autocomplete="email" required></label>',
            false,
          ),
        ),
      HIDDEN,
    )
}

const HIDDEN = { detail: { hide: true } }
const SCRIPT = new URL('./account-pages.js', import.meta.url).pathname
const SCRIPT_HEADERS = {
  'content-type': 'text/javascript; charset=utf-8',
  'cache-control': 'public, max-age=3600',
}
const HTML_HEADERS = { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }

function form(endpoint: string, done: string, button: string, fields = '', needsToken = true): string {
  return `<form data-endpoint="${endpoint}" data-done="${done}" data-needs-token="${needsToken}">
      ${fields}
      <button type="submit">${button}</button>
    </form>`
}

function page(title: string, body: string): Response {
  const html = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <meta name="referrer" content="no-referrer">
    <title>${title} · SocialFlow</title>
    <style>
      body { font: 16px/1.5 system-ui, sans-serif; max-width: 28rem; margin: 4rem auto; padding: 0 1rem; }
      label { display: block; margin: 0 0 1rem; }
      input { display: block; width: 100%; padding: .5rem; box-sizing: border-box; }
      button { padding: .5rem 1rem; }
    </style>
  </head>
  <body>
    <h1>${title}</h1>
    ${body}
    <p id="status" role="status"></p>
    <script src="/account-pages.js"></script>
  </body>
</html>
`
  return new Response(html, { headers: HTML_HEADERS })
}
