import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { Elysia } from 'elysia'

/**
 * The analytics dashboard at /dashboard: one HTML page and its script (dashboard.js), with uPlot
 * (the chart library, pinned in package.json) served from its npm package: nothing from another
 * origin, so the pages' policy (scripts and requests to this origin only) holds. The page signs in
 * through the API (`POST /v1/auth/login`), keeps the access token in the tab's memory only, and
 * draws what the analytics API answers: the creator's view, a video's, a post's, a stream's, and
 * the platform's for admins, each with its range picker and CSV export of every table.
 */
export function dashboardPages() {
  return new Elysia({ name: 'analytics-dashboard' })
    .get('/dashboard', () => new Response(PAGE, { headers: HTML_HEADERS }), HIDDEN)
    .get('/dashboard/app.js', () => new Response(Bun.file(SCRIPT), { headers: JS_HEADERS }), HIDDEN)
    .get('/dashboard/uplot.js', () => new Response(Bun.file(UPLOT_JS), { headers: JS_HEADERS }), HIDDEN)
    .get('/dashboard/uplot.css', () => new Response(Bun.file(UPLOT_CSS), { headers: CSS_HEADERS }), HIDDEN)
}

const HIDDEN = { detail: { hide: true } }
const SCRIPT = new URL('./dashboard.js', import.meta.url).pathname
const UPLOT_DIR = join(dirname(createRequire(import.meta.url).resolve('uplot/package.json')), 'dist')
const UPLOT_JS = join(UPLOT_DIR, 'uPlot.iife.min.js')
const UPLOT_CSS = join(UPLOT_DIR, 'uPlot.min.css')
const JS_HEADERS = {
  'content-type': 'text/javascript; charset=utf-8',
  'cache-control': 'public, max-age=3600',
}
const CSS_HEADERS = { 'content-type': 'text/css; charset=utf-8', 'cache-control': 'public, max-age=3600' }
const HTML_HEADERS = { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }

const PAGE = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <meta name="referrer" content="no-referrer">
    <title>Analytics · SocialFlow</title>
    <link rel="stylesheet" href="/dashboard/uplot.css">
    <style>
      body { font: 15px/1.5 system-ui, sans-serif; margin: 0; color: #1d2330; background: #f6f7f9; }
      header { display: flex; gap: 1rem; align-items: center; padding: .75rem 1.5rem; background: #1d2330; color: #fff; }
      header h1 { font-size: 1.1rem; margin: 0 1rem 0 0; }
      header button { background: none; border: 0; color: #cfd6e4; font: inherit; cursor: pointer; padding: .25rem .5rem; }
      header button[aria-current="page"] { color: #fff; border-bottom: 2px solid #6ea8fe; }
      main { padding: 1rem 1.5rem; max-width: 72rem; }
      form.signin { max-width: 22rem; margin: 4rem auto; background: #fff; padding: 1.5rem; border-radius: 8px; }
      label { display: block; margin: 0 0 .75rem; }
      input, select { font: inherit; padding: .35rem .5rem; }
      form.signin input { display: block; width: 100%; box-sizing: border-box; }
      .controls { display: flex; flex-wrap: wrap; gap: .75rem; align-items: end; margin: 0 0 1rem; }
      .controls label { margin: 0; }
      .cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(10rem, 1fr)); gap: .75rem; margin: 0 0 1rem; }
      .card { background: #fff; border-radius: 8px; padding: .75rem 1rem; }
      .card b { display: block; font-size: 1.4rem; }
      .chart { background: #fff; border-radius: 8px; padding: .75rem; margin: 0 0 1rem; }
      .chart h3, section h3 { margin: 0 0 .5rem; font-size: 1rem; }
      table { border-collapse: collapse; background: #fff; margin: 0 0 .5rem; }
      th, td { padding: .25rem .75rem; text-align: right; border-bottom: 1px solid #e3e6ec; }
      th:first-child, td:first-child { text-align: left; }
      section { margin: 0 0 1.5rem; }
      .note { color: #5b6475; }
      #status { color: #a4262c; min-height: 1.5em; }
    </style>
  </head>
  <body>
    <header>
      <h1>SocialFlow analytics</h1>
      <nav id="nav" hidden></nav>
      <span id="who"></span>
    </header>
    <main>
      <form class="signin" id="signin">
        <h2>Sign in</h2>
        <label>Username or e-mail <input name="login" autocomplete="username" required></label>
        <label>Password <input name="password" type="password" autocomplete="current-password" required></label>
        <button type="submit">Sign in</button>
      </form>
      <p id="status" role="status"></p>
      <div id="view"></div>
    </main>
    <script src="/dashboard/uplot.js"></script>
    <script src="/dashboard/app.js"></script>
  </body>
</html>
`
