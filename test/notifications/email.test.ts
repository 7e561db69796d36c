import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import postgres from 'postgres'
import { type Account, call, promote, register } from '../support/accounts.ts'
import { eventually } from '../support/eventually.ts'
import type { TestNode } from '../support/node.ts'
import { startSocialNode, writePost } from '../support/social.ts'
import { decoded, startSmtp, textPart } from './smtp.ts'

let node: TestNode
let smtp: Awaited<ReturnType<typeof startSmtp>>
let db: postgres.Sql
const HOOK = 'hook-token-0123456789'
const METRICS = 'metrics-token-0123456789-0123456789'
beforeAll(async () => {
  smtp = await startSmtp()
  node = await startSocialNode('notify-email', {
    SMTP_URL: smtp.url,
    POSTMARK_WEBHOOK_TOKEN: HOOK,
    PUBLIC_URL: 'https://sf.example',
    METRICS_TOKEN: METRICS,
    NOTIFY_CAPS_PER_HOUR: 'email=3',
  })
  db = postgres(node.databaseUrl, { max: 2, onnotice: () => {} })
})
afterAll(async () => {
  await db.end()
  await node.stop()
  await smtp.stop()
})

const as = (a: Account) => a.tokens.accessToken
const prefs = async (a: Account, body: unknown) => {
  const res = await call(node, 'PUT', '/v1/notifications/preferences', { token: as(a), body })
  expect(res.status).toBe(200)
  return res.body
}
const mailsTo = (a: Account) =>
  smtp.mails.filter((m) => m.to.includes(a.email) && m.headers.has('list-unsubscribe'))
const deliveries = async (userId: string) =>
  db<{ channel: string; state: string; reason: string | null; type: string }[]>`
    select channel, state, reason, type from notification_deliveries where user_id = ${userId} order by created_at`

/**
 * Once the account's own mail (its sign-up mail) has left the queue: a server told to refuse the
 * address afterwards refuses only what the test sends. (Refused while still queued on a slow
 * machine, the sign-up mail suppressed the address first: the notification was then skipped,
 * never sent, and a test waiting for its failure waited in vain.)
 */
async function mailedAll(account: Account): Promise<void> {
  await eventually(async () => {
    const [row] = await db<{ n: number }[]>`select count(*)::int as n from mail_queue
      where lower(to_address) = ${account.email.toLowerCase()} and sent_at is null and failed_at is null`
    return row!.n === 0
  }, 15_000)
}

describe('e-mail notifications', () => {
  test('a like e-mails the author (HTML and text, List-Unsubscribe one-click), tracked as sent then opened', async () => {
    const [author, fan] = [await register(node), await register(node)]
    await prefs(author, { types: { like: { channels: { email: true } } } })
    const post = await writePost(node, author, { text: 'e-mail me' })
    expect((await call(node, 'POST', `/v1/posts/${post}/like`, { token: as(fan) })).status).toBeLessThan(300)
    await eventually(async () => mailsTo(author).length === 1, 15_000)
    const mail = mailsTo(author)[0]!
    expect(mail.headers.get('subject')).toContain(`@${fan.username} liked your post`)
    expect(mail.headers.get('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click')
    expect(mail.raw).toContain('multipart/alternative')
    expect(mail.raw).toContain('text/html')
    const text = textPart(mail.raw)
    expect(text).toContain('e-mail me')
    await eventually(async () => (await deliveries(author.id)).some((d) => d.state === 'sent'), 5000)
    // The tracked link marks it opened and leads to the post.
    const open = text.match(/https:\/\/sf\.example(\/v1\/notifications\/open\/[^\s]+)/)![1]!
    const res = await node.request(open)
    expect(res.status).toBe(302)
    expect(res.headers.get('location')).toBe(`https://sf.example/posts/${post}`)
    expect((await deliveries(author.id))[0]!.state).toBe('opened')
    // A forged link is refused.
    expect((await node.request(`${open.slice(0, -3)}abc`)).status).toBe(404)

    // One-click unsubscribe, without signing in: e-mail about likes stops.
    const link = mail.headers.get('list-unsubscribe')!.match(/<https:\/\/sf\.example([^>]+)>/)![1]!
    const forged = await node.request(link.replace(/.{4}$/, 'AAAA'), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    })
    expect(forged.status).toBe(404)
    const one = await node.request(link, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    })
    expect(one.status).toBe(200)
    expect(await one.json()).toEqual({ unsubscribed: 'like' })
    const after = await call(node, 'GET', '/v1/notifications/preferences', { token: as(author) })
    expect(after.body.types.find((t: { type: string }) => t.type === 'like').channels.email).toBe(false)
    const other = await register(node)
    await call(node, 'POST', `/v1/posts/${post}/like`, { token: as(other) })
    await eventually(
      async () =>
        (await call(node, 'GET', '/v1/notifications', { token: as(author) })).body.items.length === 2,
      5000,
    )
    await Bun.sleep(500)
    expect(mailsTo(author).length).toBe(1)
    // The page of the mail's footer: a GET changes nothing, its form posts.
    const page = await node.request(`/unsubscribe?${link.split('?')[1]}`)
    expect(page.status).toBe(200)
    expect(await page.text()).toContain('<form method="post"')
  })

  test("the unsubscribe page of a mail's footer speaks the account's locale (fr, en); a bad link the browser's", async () => {
    const [fr, en, fan] = [await register(node), await register(node), await register(node)]
    expect((await call(node, 'PATCH', '/v1/me', { token: as(fr), body: { locale: 'fr-CA' } })).status).toBe(
      200,
    )
    for (const a of [fr, en]) await writePost(node, fan, { text: `hi @${a.username}` })
    await eventually(async () => mailsTo(fr).length === 1 && mailsTo(en).length === 1, 15_000)
    const pageOf = (a: Account) =>
      decoded(mailsTo(a)[0]!.raw).match(/https:\/\/sf\.example(\/unsubscribe\?token=[\w.-]+)/)![1]!
    const page = async (path: string, init?: RequestInit) => {
      const res = await node.request(path, init)
      expect(res.status).toBe(200)
      return { lang: res.headers.get('content-language'), html: await res.text() }
    }
    const frPage = await page(pageOf(fr))
    expect(frPage.lang).toBe('fr')
    expect(frPage.html).toContain('<html lang="fr">')
    expect(frPage.html).toContain('<title>Se désabonner</title>')
    expect(frPage.html).toContain('Ne plus recevoir d’e-mail pour les notifications « mention » ?')
    expect(frPage.html).toContain('<button type="submit">Se désabonner</button>')
    const enPage = await page(pageOf(en))
    expect(enPage.lang).toBe('en')
    expect(enPage.html).toContain('Stop e-mail about mention notifications?')
    expect(enPage.html).toContain('<button type="submit">Unsubscribe</button>')
    // The form's POST: done, in French; mention e-mail is off.
    const done = await page(pageOf(fr), { method: 'POST' })
    expect(done.html).toContain('<h1>Désabonnement effectué</h1>')
    expect(done.html).toContain('Vous pouvez réactiver ces e-mails dans vos réglages de notification.')
    const after = await call(node, 'GET', '/v1/notifications/preferences', { token: as(fr) })
    expect(after.body.types.find((t: { type: string }) => t.type === 'mention').channels.email).toBe(false)
    // A digest's link, in French too.
    const { links } = node.ctx.services.notifications
    const digestLink = new URL(links.unsubscribePage(fr.id, 'digest'))
    const digest = await page(`${digestLink.pathname}${digestLink.search}`)
    expect(digest.html).toContain('Ne plus recevoir les e-mails de résumé ?')
    // A forged link names no account: the browser's languages choose, English otherwise.
    const forged = `${pageOf(en).slice(0, -4)}AAAA`
    const bad = await page(forged, { headers: { 'accept-language': 'de-DE, fr;q=0.8, en;q=0.5' } })
    expect(bad.lang).toBe('fr')
    expect(bad.html).toContain('<h1>Ce lien n’est pas valide</h1>')
    expect((await page(forged, { method: 'POST' })).html).toContain('<h1>This link is not valid</h1>')
    // Nothing changed for the English account.
    const enPrefs = await call(node, 'GET', '/v1/notifications/preferences', { token: as(en) })
    expect(enPrefs.body.types.find((t: { type: string }) => t.type === 'mention').channels.email).toBe(true)
  })

  test('a second like within the window is grouped: no second e-mail', async () => {
    const [author, a, b] = [await register(node), await register(node), await register(node)]
    await prefs(author, { types: { like: { channels: { email: true } } } })
    const post = await writePost(node, author, { text: 'group me' })
    await call(node, 'POST', `/v1/posts/${post}/like`, { token: as(a) })
    await eventually(async () => mailsTo(author).length === 1, 15_000)
    await call(node, 'POST', `/v1/posts/${post}/like`, { token: as(b) })
    await eventually(async () => (await deliveries(author.id)).length === 2, 5000)
    const [, second] = await deliveries(author.id)
    expect(second).toMatchObject({ state: 'skipped', reason: 'collapsed' })
  })

  test("a Postmark bounce suppresses the address and unverifies it; a complaint's address is skipped", async () => {
    const [author, fan] = [await register(node), await register(node)]
    await prefs(author, {
      types: { follow: { channels: { email: true } }, like: { channels: { email: true } } },
    })
    const hook = (body: unknown, token = HOOK) =>
      call(node, 'POST', '/v1/notifications/webhooks/postmark', {
        body,
        headers: { authorization: `Basic ${Buffer.from(`postmark:${token}`).toString('base64')}` },
      })
    expect(
      (await hook({ RecordType: 'Bounce', Type: 'HardBounce', Email: author.email }, 'wrong-token-000000000'))
        .status,
    ).toBe(401)
    const res = await hook({
      RecordType: 'Bounce',
      Type: 'HardBounce',
      Email: author.email.toUpperCase(),
      Description: 'no such user',
    })
    expect(res.status).toBe(200)
    expect(res.body.outcome).toBe('suppressed')
    expect(
      (await hook({ RecordType: 'Bounce', Type: 'SoftBounce', Email: 'x@example.test' })).body.outcome,
    ).toBe('ignored')
    const odd = await hook({
      RecordType: 'Delivery',
      Email: 'x@example.test',
      Metadata: { delivery: '-'.repeat(36) },
    })
    expect(odd.status).toBe(200)
    expect(odd.body.outcome).toBe('ignored')
    // A bounced address is no longer verified: no e-mail is planned for it; the account sees why.
    expect((await call(node, 'GET', '/v1/me', { token: as(author) })).body.emailVerified).toBe(false)
    const seen = await call(node, 'GET', '/v1/notifications/preferences', { token: as(author) })
    expect(seen.body.emailSuppressed).toMatchObject({ reason: 'bounce', detail: 'no such user' })
    await call(node, 'POST', `/v1/users/${author.username}/follow`, { token: as(fan) })
    await eventually(
      async () =>
        (await db`select count(*)::int as n from notifications where user_id = ${author.id}`)[0]!.n === 1,
      15_000,
    )
    await Bun.sleep(500)
    expect((await deliveries(author.id)).filter((d) => d.channel === 'email')).toEqual([])

    // A complaint: the mail arrived, so the address stays verified, and gets no more mail (skipped).
    const other = await register(node)
    await prefs(other, { types: { follow: { channels: { email: true } } } })
    expect((await hook({ RecordType: 'SpamComplaint', Email: other.email })).body.outcome).toBe('suppressed')
    expect((await call(node, 'GET', '/v1/me', { token: as(other) })).body.emailVerified).toBe(true)
    await call(node, 'POST', `/v1/users/${other.username}/follow`, { token: as(fan) })
    await eventually(async () => (await deliveries(other.id)).some((d) => d.state === 'skipped'), 15_000)
    expect((await deliveries(other.id))[0]).toMatchObject({ channel: 'email', reason: 'suppressed' })
    expect(mailsTo(author)).toHaveLength(0)
    expect(mailsTo(other)).toHaveLength(0)
  })

  test("a mailbox the SMTP server refuses for good (550): the delivery fails at once with the server's answer", async () => {
    const [me, fan] = [await register(node), await register(node)]
    await mailedAll(me)
    smtp.unknown.add(me.email.toLowerCase())
    await writePost(node, fan, { text: `hello @${me.username}` })
    await eventually(async () => (await deliveries(me.id))[0]?.state === 'failed', 15_000)
    expect((await deliveries(me.id))[0]!.reason).toContain('550')
    const [mail] = await db<{ attempts: number; failedAt: Date | null }[]>`
      select attempts, failed_at as "failedAt" from mail_queue where to_address = ${me.email} and kind = 'notification'`
    expect(mail).toMatchObject({ attempts: 1 })
    expect(mail!.failedAt).not.toBeNull()
    expect(mailsTo(me)).toHaveLength(0)
  })

  test('an address the SMTP server refuses for good (550 5.1.1) is suppressed and shown; no later mail tries it; verifying it again clears it', async () => {
    const [me, fan] = [await register(node), await register(node)]
    const address = me.email.toLowerCase()
    await mailedAll(me)
    smtp.unknown.add(address)
    // Notification mail to it waiting for a later attempt (a retry): it fails with the refusal.
    const waiting = crypto.randomUUID()
    await db`insert into mail_queue (id, kind, to_address, subject, text_body, next_attempt_at)
      values (${waiting}, 'notification', ${me.email}, 'earlier', 'earlier', now() + interval '1 hour')`
    await writePost(node, fan, { text: `first @${me.username}` })
    await eventually(async () => (await deliveries(me.id))[0]?.state === 'failed', 15_000)
    expect(smtp.refused.filter((a) => a === address)).toHaveLength(1)
    const [earlier] = await db<{ failed: boolean; lastError: string }[]>`
      select failed_at is not null as failed, last_error as "lastError" from mail_queue where id = ${waiting}`
    expect(earlier).toEqual({ failed: true, lastError: 'suppressed: the server refused this address' })
    const [suppression] = await db<{ reason: string; detail: string }[]>`
      select reason, detail from email_suppressions where address = ${address}`
    expect(suppression).toMatchObject({ reason: 'refused' })
    expect(suppression!.detail).toContain('550 5.1.1')
    // The account sees why no e-mail comes, and that its address is no longer verified.
    const seen = await call(node, 'GET', '/v1/notifications/preferences', { token: as(me) })
    expect(seen.body.emailSuppressed).toMatchObject({ reason: 'refused' })
    expect(seen.body.emailSuppressed.detail).toContain('5.1.1')
    expect((await call(node, 'GET', '/v1/me', { token: as(me) })).body.emailVerified).toBe(false)

    // Later notifications: no e-mail is planned, the server is not asked again.
    await writePost(node, fan, { text: `second @${me.username}` })
    await eventually(
      async () =>
        (await db`select count(*)::int as n from notifications where user_id = ${me.id}`)[0]!.n === 2,
      15_000,
    )
    await Bun.sleep(1000)
    expect((await deliveries(me.id)).filter((d) => d.channel === 'email')).toHaveLength(1)
    expect(smtp.refused.filter((a) => a === address)).toHaveLength(1)

    // The mailbox works again; its owner verifies the address anew: the suppression is cleared.
    smtp.unknown.delete(address)
    expect((await call(node, 'POST', '/v1/auth/email/resend', { token: as(me) })).status).toBe(202)
    let code = ''
    await eventually(async () => {
      const mail = smtp.mails.find(
        (m) => m.to.includes(me.email) && /email\/verify: (\S+)/.test(decoded(m.raw)),
      )
      code = mail ? /email\/verify: (\S+)/.exec(decoded(mail.raw))![1]! : ''
      return code !== ''
    }, 15_000)
    expect((await call(node, 'POST', '/v1/auth/email/verify', { body: { token: code } })).status).toBe(204)
    const cleared = await call(node, 'GET', '/v1/notifications/preferences', { token: as(me) })
    expect(cleared.body.emailSuppressed).toBeNull()
    await writePost(node, fan, { text: `third @${me.username}` })
    await eventually(async () => mailsTo(me).length === 1, 15_000)
    const states = async () =>
      (await deliveries(me.id)).filter((d) => d.channel === 'email').map((d) => d.state)
    await eventually(async () => (await states())[1] === 'sent', 15_000)
    expect(await states()).toEqual(['failed', 'sent'])
  })

  test('a policy refusal (550 5.7.1) fails the mail but does not suppress the address', async () => {
    const [me, fan] = [await register(node), await register(node)]
    await mailedAll(me)
    smtp.policy.add(me.email.toLowerCase())
    await writePost(node, fan, { text: `hello @${me.username}` })
    await eventually(async () => (await deliveries(me.id))[0]?.state === 'failed', 15_000)
    expect((await deliveries(me.id))[0]!.reason).toContain('5.7.1')
    expect(
      (
        await db`select count(*)::int as n from email_suppressions where address = ${me.email.toLowerCase()}`
      )[0]!.n,
    ).toBe(0)
    expect((await call(node, 'GET', '/v1/me', { token: as(me) })).body.emailVerified).toBe(true)
  })

  test("a daily digest goes at the account's local hour (clock moved), once; nothing to say, no mail", async () => {
    const [me, quiet, fan] = [await register(node), await register(node), await register(node)]
    const zone = 'America/New_York'
    const localHour = Number(
      new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', hourCycle: 'h23' }).format(
        new Date(),
      ),
    )
    const hour = (localHour + 3) % 24
    for (const a of [me, quiet]) await prefs(a, { timeZone: zone, digest: { frequency: 'daily', hour } })
    const post = await writePost(node, me, { text: 'digest me' })
    await call(node, 'POST', `/v1/posts/${post}/like`, { token: as(fan) })
    await call(node, 'POST', `/v1/users/${me.username}/follow`, { token: as(fan) })
    await eventually(
      async () => (await call(node, 'GET', '/v1/notifications', { token: as(me) })).body.items.length === 2,
      5000,
    )
    const { digests, dispatcher } = node.ctx.services.notifications
    const digestMails = (a: Account) => mailsTo(a).filter((m) => m.headers.get('subject')?.includes('digest'))
    await digests.round()
    await Bun.sleep(300)
    expect(digestMails(me)).toHaveLength(0)
    dispatcher.clock.offsetMs = 3 * 3_600_000
    try {
      await digests.round()
      await eventually(async () => digestMails(me).length === 1, 15_000)
      await digests.round()
    } finally {
      dispatcher.clock.offsetMs = 0
    }
    const mail = digestMails(me)[0]!
    expect(mail.headers.get('subject')).toBe('Your daily digest: 2 notifications you missed')
    expect(textPart(mail.raw)).toContain('1 new like notification')
    expect(mail.headers.get('list-unsubscribe')).toContain('.digest.')
    await Bun.sleep(300)
    expect(digestMails(me)).toHaveLength(1)
    expect(digestMails(quiet)).toHaveLength(0)
  })

  test('a digest with nothing missed but posts of followed accounts lists them, most liked first', async () => {
    const [me, author, fan] = [await register(node), await register(node), await register(node)]
    await call(node, 'POST', `/v1/users/${author.username}/follow`, { token: as(me) })
    await writePost(node, author, { text: 'a quiet post' })
    const popular = await writePost(node, author, { text: 'a popular post' })
    // Counted in the like's own transaction.
    expect((await call(node, 'POST', `/v1/posts/${popular}/like`, { token: as(fan) })).status).toBeLessThan(
      300,
    )
    const hour = (new Date().getUTCHours() + 2) % 24
    await prefs(me, { timeZone: 'UTC', digest: { frequency: 'daily', hour } })
    const { digests, dispatcher } = node.ctx.services.notifications
    dispatcher.clock.offsetMs = 2 * 3_600_000
    try {
      await digests.round()
      await eventually(async () => mailsTo(me).length === 1, 15_000)
    } finally {
      dispatcher.clock.offsetMs = 0
    }
    const mail = mailsTo(me)[0]!
    expect(mail.headers.get('subject')).toBe('Your daily digest: posts from people you follow')
    const text = textPart(mail.raw)
    const popularAt = text.indexOf(`@${author.username}: a popular post (1 like)`)
    expect(popularAt).toBeGreaterThanOrEqual(0)
    expect(text.indexOf(`@${author.username}: a quiet post (0 likes)`)).toBeGreaterThan(popularAt)
  })

  test('channels not configured (FCM, Twilio): 503 for their targets; a delivery to one is skipped, never sent, logged once', async () => {
    const [me, fan, other] = [await register(node), await register(node), await register(node)]
    const device = await call(node, 'POST', '/v1/devices', {
      token: as(me),
      body: { token: 'fcm-token-unconfigured', platform: 'android' },
    })
    expect(device.status).toBe(503)
    expect(device.body.code).toBe('channel_not_configured')
    const phone = await call(node, 'POST', '/v1/me/phone', { token: as(me), body: { phone: '+15550001111' } })
    expect(phone.status).toBe(503)
    expect(phone.body.detail).toContain('TWILIO_ACCOUNT_SID')
    // A device registered while FCM was configured, before the setting was removed.
    await db`insert into devices (id, user_id, token, platform) values (${crypto.randomUUID()}, ${me.id}, 'fcm-left-over', 'android')`
    for (const a of [fan, other])
      await call(node, 'POST', `/v1/users/${me.username}/follow`, { token: as(a) })
    const pushes = async () =>
      db<{ state: string; reason: string | null }[]>`
        select state, reason from notification_deliveries where user_id = ${me.id} and channel = 'mobile_push'`
    await eventually(async () => (await pushes()).length === 2, 15_000)
    expect([...(await pushes())]).toEqual([
      { state: 'skipped', reason: 'not_configured' },
      { state: 'skipped', reason: 'not_configured' },
    ])
    const warned = node.logs.filter(
      (l) => l.level === 'warn' && String(l.msg).includes('mobile push is not configured'),
    )
    expect(warned).toHaveLength(1)
  })

  test('web push endpoints on internal addresses are refused (422), and a stored one is never posted to', async () => {
    const me = await register(node)
    const keys = {
      p256dh: Buffer.concat([Buffer.from([4]), Buffer.alloc(64, 7)]).toString('base64url'),
      auth: Buffer.alloc(16, 1).toString('base64url'),
    }
    for (const endpoint of [
      'https://127.0.0.1:8443/push/x',
      'https://localhost/push/x',
      'https://LocalHost./push/x',
      'https://[::1]/push/x',
      'https://[::ffff:10.0.0.1]/push/x',
      'https://10.1.2.3/push/x',
      'https://192.168.1.1/push/x',
      'https://169.254.169.254/latest/meta-data',
      // A name of this machine (/etc/hosts): refused for what it resolves to.
      `https://${(await Bun.$`hostname`.text()).trim()}/push/x`,
    ]) {
      const res = await call(node, 'POST', '/v1/push/subscriptions', {
        token: as(me),
        body: { endpoint, keys },
      })
      expect([endpoint, res.status]).toEqual([endpoint, 422])
      expect(res.body.errors[0].field).toBe('body.endpoint')
    }
    // One stored while WEB_PUSH_PRIVATE_ENDPOINTS was on: the delivery fails, the subscription goes.
    await db`insert into push_subscriptions (id, user_id, endpoint, p256dh, auth)
      values (${crypto.randomUUID()}, ${me.id}, 'https://127.0.0.1:9/push/left-over', ${keys.p256dh}, ${keys.auth})`
    const fan = await register(node)
    await call(node, 'POST', `/v1/users/${me.username}/follow`, { token: as(fan) })
    const rows = () =>
      db<{ state: string; reason: string }[]>`
        select state, reason from notification_deliveries where user_id = ${me.id} and channel = 'web_push'`
    await eventually(async () => (await rows())[0]?.state === 'failed', 15_000)
    expect((await rows())[0]!.reason).toBe('gone: the endpoint is an internal address')
    expect((await db`select count(*)::int as n from push_subscriptions where user_id = ${me.id}`)[0]!.n).toBe(
      0,
    )
  })

  test('per-account caps: past three e-mails in an hour the rest are skipped as capped', async () => {
    // Mentions (e-mailed by default, not grouped), from four accounts.
    const me = await register(node)
    for (let i = 0; i < 4; i++) {
      const fan = await register(node)
      await writePost(node, fan, { text: `hello @${me.username}` })
      await eventually(async () => (await deliveries(me.id)).length === i + 1, 10_000)
    }
    const states = (await deliveries(me.id)).map((d) => d.reason ?? d.state)
    expect(states.slice(0, 3).every((s) => s === 'queued' || s === 'sent')).toBe(true)
    expect(states[3]).toBe('capped')
  })

  test('admins list deliveries with filters; others get 403; bad filters 422', async () => {
    const admin = await promote(node, await register(node), 'admin')
    const user = await register(node)
    const list = await call(node, 'GET', '/v1/admin/notifications/deliveries?channel=email&limit=5', {
      token: as(admin),
    })
    expect(list.status).toBe(200)
    expect(list.body.items.length).toBeGreaterThan(0)
    expect(list.body.items.every((d: { channel: string }) => d.channel === 'email')).toBe(true)
    const opened = await call(node, 'GET', '/v1/admin/notifications/deliveries?state=opened', {
      token: as(admin),
    })
    expect(opened.body.items.length).toBeGreaterThanOrEqual(1)
    const summary = await call(node, 'GET', '/v1/admin/notifications/deliveries/summary', {
      token: as(admin),
    })
    expect(
      summary.body.counts.some(
        (c: { channel: string; state: string }) => c.channel === 'email' && c.state === 'opened',
      ),
    ).toBe(true)
    // admin:notifications: a moderator (who may review content, not deliveries) is refused too.
    const moderator = await promote(node, await register(node), 'moderator')
    for (const who of [user, moderator]) {
      expect((await call(node, 'GET', '/v1/admin/notifications/deliveries', { token: as(who) })).status).toBe(
        403,
      )
      expect(
        (await call(node, 'GET', '/v1/admin/notifications/deliveries/summary', { token: as(who) })).status,
      ).toBe(403)
    }
    for (const q of [
      'channel=fax',
      'limit=1.5',
      'limit=100000000000',
      'cursor=forged',
      'userId=x%00y',
      'state=lost',
    ]) {
      const res = await call(node, 'GET', `/v1/admin/notifications/deliveries?${q}`, { token: as(admin) })
      expect(res.status).toBeGreaterThanOrEqual(400)
      expect(res.status).toBeLessThan(500)
    }
    const metrics = await node.request('/metrics', { headers: { authorization: `Bearer ${METRICS}` } })
    expect(await metrics.text()).toContain('sf_notification_deliveries{channel="email"')
  })

  test("Postmark's Delivery record marks a sent e-mail delivered (its metadata finds the delivery)", async () => {
    const [author, fan] = [await register(node), await register(node)]
    const post = await writePost(node, author, { text: 'deliver me' })
    await writePost(node, fan, { text: 'a reply', replyTo: post })
    await eventually(async () => mailsTo(author).length === 1, 15_000)
    const mail = mailsTo(author)[0]!
    const id = mail.headers.get('x-pm-metadata-delivery') as string
    expect(id).toMatch(/^[0-9a-f-]{36}$/)
    await eventually(async () => (await deliveries(author.id))[0]?.state === 'sent', 5000)
    const hook = (body: unknown) =>
      call(node, 'POST', '/v1/notifications/webhooks/postmark', {
        body,
        headers: { authorization: `Basic ${Buffer.from(`postmark:${HOOK}`).toString('base64')}` },
      })
    // Postmark's Delivery webhook (https://postmarkapp.com/developer/webhooks/delivery-webhook).
    const res = await hook({
      RecordType: 'Delivery',
      ServerID: 23,
      MessageStream: 'outbound',
      MessageID: '00000000-0000-0000-0000-000000000000',
      Recipient: author.email,
      Tag: '',
      DeliveredAt: new Date().toISOString(),
      Details: 'Test delivery webhook details',
      Metadata: { delivery: id },
    })
    expect(res.status).toBe(200)
    expect(res.body.outcome).toBe('delivered')
    const [row] = await db<{ state: string }[]>`select state from notification_deliveries where id = ${id}`
    expect(row!.state).toBe('delivered')
    // Once delivered, a repeated receipt changes nothing, and a bounce later does not undo it.
    expect(
      (await hook({ RecordType: 'Delivery', Recipient: author.email, Metadata: { delivery: id } })).status,
    ).toBe(200)
    expect((await deliveries(author.id))[0]!.state).toBe('delivered')
  })

  test('a weekly digest goes on the chosen weekday at the local hour only, once a week', async () => {
    const [me, fan] = [await register(node), await register(node)]
    const zone = 'Asia/Tokyo'
    const local = (d: Date) => {
      const parts = new Intl.DateTimeFormat('en-GB', {
        timeZone: zone,
        hour: '2-digit',
        hourCycle: 'h23',
        weekday: 'short',
      }).formatToParts(d)
      const weekday = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(
        parts.find((p) => p.type === 'weekday')!.value,
      )
      return { hour: Number(parts.find((p) => p.type === 'hour')!.value), isoDay: weekday + 1 }
    }
    // The digest is due two days and three hours from now, local time.
    const due = new Date(Date.now() + (2 * 24 + 3) * 3_600_000)
    const at = local(due)
    await prefs(me, { timeZone: zone, digest: { frequency: 'weekly', hour: at.hour, weekday: at.isoDay } })
    const post = await writePost(node, me, { text: 'weekly me' })
    await call(node, 'POST', `/v1/posts/${post}/like`, { token: as(fan) })
    await eventually(
      async () => (await call(node, 'GET', '/v1/notifications', { token: as(me) })).body.items.length === 1,
      5000,
    )
    const { digests, dispatcher } = node.ctx.services.notifications
    const weekly = () => mailsTo(me).filter((m) => m.headers.get('subject')?.includes('weekly digest'))
    try {
      // The right hour one day early, and two hours early: nothing.
      for (const offset of [(24 + 3) * 3_600_000, (2 * 24 + 1) * 3_600_000]) {
        dispatcher.clock.offsetMs = offset
        await digests.round()
      }
      await Bun.sleep(300)
      expect(weekly()).toHaveLength(0)
      dispatcher.clock.offsetMs = due.getTime() - Date.now()
      await digests.round()
      await eventually(async () => weekly().length === 1, 15_000)
      // The same hour a day later, and the next day: not again within the week.
      dispatcher.clock.offsetMs = due.getTime() - Date.now() + 3_600_000
      await digests.round()
      dispatcher.clock.offsetMs = due.getTime() - Date.now() + 24 * 3_600_000
      await digests.round()
      await Bun.sleep(300)
      expect(weekly()).toHaveLength(1)
      // A week later it is due again, but nothing was missed since: skipped, no mail.
      dispatcher.clock.offsetMs = due.getTime() - Date.now() + 7 * 24 * 3_600_000
      await digests.round()
      await Bun.sleep(300)
      expect(weekly()).toHaveLength(1)
      const [s] = await db<{ last: Date }[]>`
        select last_digest_at as last from notification_settings where user_id = ${me.id}`
      expect(s!.last.getTime()).toBeGreaterThan(due.getTime() + 6 * 24 * 3_600_000)
    } finally {
      dispatcher.clock.offsetMs = 0
    }
    const mail = weekly()[0]!
    expect(mail.headers.get('subject')).toBe('Your weekly digest: 1 notification you missed')
    expect(textPart(mail.raw)).toContain('1 new like notification')
    const [row] = await db<{ type: string; state: string }[]>`
      select type, state from notification_deliveries where user_id = ${me.id} and type = 'digest'`
    expect(row!.type).toBe('digest')
  })

  test("notifications speak the recipient's locale (fr), fall back to the language (fr-CA) then English (de)", async () => {
    const [fr, frCa, de, fan] = [
      await register(node),
      await register(node),
      await register(node),
      await register(node),
    ]
    const patch = (a: Account, locale: string) =>
      call(node, 'PATCH', '/v1/me', { token: as(a), body: { locale } })
    expect((await patch(fr, 'fr')).body.settings.locale).toBe('fr')
    expect((await patch(frCa, 'fr-CA')).status).toBe(200)
    // The preferences carry it too.
    expect((await prefs(de, { locale: 'de' })).locale).toBe('de')
    for (const bad of ['french', 'FR', 'fr_FR', 'x'.repeat(30), 'fr\u0000']) {
      const res = await patch(fr, bad)
      expect(res.status).toBe(422)
    }
    for (const a of [fr, frCa, de]) {
      await prefs(a, { types: { like: { channels: { email: true } } } })
      const post = await writePost(node, a, { text: `post of ${a.username}` })
      await call(node, 'POST', `/v1/posts/${post}/like`, { token: as(fan) })
    }
    await eventually(async () => [fr, frCa, de].every((a) => mailsTo(a).length === 1), 15_000)
    const subject = (a: Account) => mailsTo(a)[0]!.headers.get('subject')
    expect(subject(fr)).toBe(`@${fan.username} a aimé votre publication`)
    expect(subject(frCa)).toBe(`@${fan.username} a aimé votre publication`)
    expect(subject(de)).toBe(`@${fan.username} liked your post`)
    const text = textPart(mailsTo(fr)[0]!.raw)
    expect(text).toContain('Voir la publication:')
    const whole = decoded(mailsTo(fr)[0]!.raw)
    expect(whole).toContain('Vous recevez ce message en raison de vos réglages de notification')
    expect(whole).toContain('Ne plus recevoir ces messages')
    expect(whole).toContain('lang="fr"')
    expect(decoded(mailsTo(de)[0]!.raw)).toContain('Stop these mails')
    // A digest in French.
    const zone = 'UTC'
    const hour = (new Date().getUTCHours() + 5) % 24
    await prefs(fr, { timeZone: zone, digest: { frequency: 'daily', hour } })
    const { digests, dispatcher } = node.ctx.services.notifications
    dispatcher.clock.offsetMs = 5 * 3_600_000
    try {
      await digests.round()
      await eventually(async () => mailsTo(fr).length === 2, 15_000)
    } finally {
      dispatcher.clock.offsetMs = 0
    }
    expect(mailsTo(fr)[1]!.headers.get('subject')).toBe('Votre résumé du jour : 1 notification manquée')
    expect(textPart(mailsTo(fr)[1]!.raw)).toContain("1 nouvelle notification (j'aime)")
  })
})
