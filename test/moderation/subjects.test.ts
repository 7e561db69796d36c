import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import type { Label } from '../../src/moderation/screener.ts'
import { sampleFrames } from '../../src/moderation/screening/frames.ts'
import { NSFW_SOURCE, NsfwClassifier } from '../../src/moderation/screening/nsfw.ts'
import { WORDS_SOURCE } from '../../src/moderation/screening/words.ts'
import { type Account, call, promote, register } from '../support/accounts.ts'
import { eventually } from '../support/eventually.ts'
import { makeClip, uploadVideo, whenProcessed } from '../support/media.ts'
import type { TestNode } from '../support/node.ts'
import { startSocialNode, writePost } from '../support/social.ts'

let node: TestNode
const scratch = mkdtempSync(join(tmpdir(), 'sf-subjects-'))
let admin: Account
let moderator: Account
const as = (a: Account) => a.tokens.accessToken

beforeAll(async () => {
  node = await startSocialNode('moderation-subjects')
  admin = await promote(node, await register(node), 'admin')
  moderator = await promote(node, await register(node), 'moderator')
})
afterAll(async () => {
  await node.stop()
  rmSync(scratch, { recursive: true, force: true })
})

async function setPolicies(rules: unknown[], holdNewAccountMediaDays?: number) {
  const res = await call(node, 'PUT', '/v1/admin/moderation/policies', {
    token: as(admin),
    body: { rules, ...(holdNewAccountMediaDays === undefined ? {} : { holdNewAccountMediaDays }) },
  })
  expect(res.status).toBe(200)
  return res.body
}

/** A picture the test draws: a gradient with a disc, as PNG. */
async function picture(seed: number): Promise<Buffer> {
  const size = 256
  const pixels = Buffer.alloc(size * size * 3)
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++) {
      const inDisc = (x - 128) ** 2 + (y - 128) ** 2 < 60 ** 2
      const i = (y * size + x) * 3
      pixels[i] = inDisc ? 220 : (x + seed * 40) % 256
      pixels[i + 1] = inDisc ? 170 : (y * 2) % 256
      pixels[i + 2] = inDisc ? 140 : (seed * 90) % 256
    }
  return sharp(pixels, { raw: { width: size, height: size, channels: 3 } })
    .png()
    .toBuffer()
}

async function upload(a: Account, bytes: Buffer): Promise<string> {
  const form = new FormData()
  form.append('file', new File([bytes], 'p.png'))
  const res = await node.request('/v1/media', {
    method: 'POST',
    headers: { authorization: `Bearer ${as(a)}` },
    body: form,
  })
  expect(res.status).toBe(201)
  return ((await res.json()) as { id: string }).id
}

const file = (id: string, viewer?: Account) =>
  node.request(`/v1/media/${id}/small`, viewer ? { headers: { authorization: `Bearer ${as(viewer)}` } } : {})

const labelsOf = async (subject: string): Promise<Label[]> => {
  const res = await call(node, 'GET', `/v1/moderation/labels?subject=${subject}`, { token: as(moderator) })
  expect(res.status).toBe(200)
  return res.body.items
}

describe('the image classifier (nsfwjs on the wasm backend, in a thread of its own)', () => {
  test('classifies images the test makes: a probability per class, labels with scores', async () => {
    const classifier = new NsfwClassifier()
    try {
      const classes = await classifier.classify(await picture(1))
      expect(Object.keys(classes).sort()).toEqual(['Drawing', 'Hentai', 'Neutral', 'Porn', 'Sexy'])
      const total = Object.values(classes).reduce((a, b) => a + b, 0)
      expect(total).toBeGreaterThan(0.99)
      expect(total).toBeLessThan(1.01)
      // Another picture, another answer: the model looks at the pixels.
      const other = await classifier.classify(await picture(3))
      expect(other).not.toEqual(classes)
      const labels = await classifier.screenImage(
        await sharp(await picture(2))
          .jpeg()
          .toBuffer(),
      )
      expect(labels.map((l) => [l.value, l.source])).toEqual([
        ['sexual', NSFW_SOURCE],
        ['nudity', NSFW_SOURCE],
      ])
      for (const l of labels) expect(l.score >= 0 && l.score <= 1).toBe(true)
      expect(labels[1]!.score).toBeGreaterThanOrEqual(labels[0]!.score)
      const refused = await classifier.classify(new Uint8Array([1, 2, 3, 4])).then(
        () => 'classified',
        (error: Error) => error.message,
      )
      expect(refused).toMatch(/classifier failed: .*unsupported image format/)
    } finally {
      await classifier.stop()
    }
  }, 60_000)
})

describe('screening of every subject', () => {
  test('an uploaded image is screened by job; a policy on its label holds it: others get 404, owner and moderators the file', async () => {
    await setPolicies([{ label: 'nudity', minScore: 0, outcome: 'hold' }])
    const [owner, other] = [await register(node), await register(node)]
    const image = await upload(owner, await picture(4))
    await eventually(async () => (await file(image, other)).status === 404, 30_000)
    expect((await file(image)).status).toBe(404)
    const own = await file(image, owner)
    expect(own.status).toBe(200)
    expect(own.headers.get('cache-control')).toBe('private, no-store')
    expect((await file(image, moderator)).status).toBe(200)
    const labels = await labelsOf(`image:${image}`)
    expect(labels.map((l) => [l.value, l.source]).sort()).toEqual([
      ['nudity', NSFW_SOURCE],
      ['sexual', NSFW_SOURCE],
    ])
    // With no rule for the label, an image stays public (and cacheable).
    await setPolicies([])
    const plain = await upload(owner, await picture(5))
    await eventually(async () => (await labelsOf(`image:${plain}`)).length === 2, 30_000)
    const seen = await file(plain, other)
    expect(seen.status).toBe(200)
    expect(seen.headers.get('cache-control')).toContain('immutable')
  }, 60_000)

  test("new accounts' media (images, videos) held by the policy option, at once; a held avatar is shown to its owner only", async () => {
    const set = await setPolicies([], 7)
    expect(set.holdNewAccountMediaDays).toBe(7)
    expect((await call(node, 'GET', '/v1/admin/moderation/policies', { token: as(admin) })).body).toEqual({
      rules: [],
      holdNewAccountMediaDays: 7,
    })
    const [owner, other] = [await register(node), await register(node)]
    const image = await upload(owner, await picture(6))
    expect((await file(image, other)).status).toBe(404)
    expect((await file(image, owner)).status).toBe(200)
    expect((await labelsOf(`image:${image}`)).map((l) => l.value)).toContain('new_account_media')
    const patched = await call(node, 'PATCH', '/v1/me', { token: as(owner), body: { avatarMediaId: image } })
    expect(patched.status).toBe(200)
    expect(patched.body.avatar?.id).toBe(image)
    const seen = await call(node, 'GET', `/v1/users/${owner.username}`, { token: as(other) })
    expect(seen.body.avatar).toBeNull()
    // A moderator approves it (reverses the hold): everyone sees it.
    const queue = await call(node, 'GET', '/v1/moderation/cases', { token: as(moderator) })
    expect(queue.body.items.some((c: { subject: string }) => c.subject === `image:${image}`)).toBe(true)
    const audit = await call(node, 'GET', '/v1/admin/moderation/audit', { token: as(admin) })
    const hold = audit.body.items.find(
      (a: { subject: string; verb: string }) => a.subject === `image:${image}` && a.verb === 'action.taken',
    )
    const reversed = await call(node, 'POST', `/v1/moderation/actions/${hold.data.actionId}/reverse`, {
      token: as(moderator),
      body: { reason: 'fine' },
    })
    expect(reversed.status).toBe(200)
    expect((await file(image, other)).status).toBe(200)
    expect(
      (await call(node, 'GET', `/v1/users/${owner.username}`, { token: as(other) })).body.avatar?.id,
    ).toBe(image)
    // A new account's video too (PeerTube holds new users' videos): held from its creation, so
    // never public for a moment once encoded; a moderator's reversal publishes it.
    const clip = await makeClip(join(scratch, 'new-account.mp4'), { seconds: 2 })
    const video = await uploadVideo(node, owner, clip, { title: 'first video', description: '' })
    expect((await labelsOf(`video:${video.id}`)).map((l) => l.value)).toEqual(['new_account_media'])
    expect((await whenProcessed(node, owner, video.id)).status).toBe('ready')
    expect((await call(node, 'GET', `/v1/videos/${video.id}`, { token: as(other) })).status).toBe(404)
    expect((await call(node, 'GET', `/v1/videos/${video.id}`, { token: as(owner) })).status).toBe(200)
    const videoHold = await node.ctx.db
      .selectFrom('moderationActions')
      .select(['id', 'kind', 'moderatorId'])
      .where('subjectKind', '=', 'video')
      .where('subjectId', '=', video.id)
      .execute()
    expect(videoHold).toMatchObject([{ kind: 'hold', moderatorId: null }])
    const published = await call(node, 'POST', `/v1/moderation/actions/${videoHold[0]!.id}/reverse`, {
      token: as(moderator),
      body: { reason: 'fine' },
    })
    expect(published.status).toBe(200)
    expect((await call(node, 'GET', `/v1/videos/${video.id}`, { token: as(other) })).status).toBe(200)
    // Off again: a new account's image is public.
    await setPolicies([], 0)
    expect((await file(await upload(owner, await picture(7)), other)).status).toBe(200)
    const bad = await call(node, 'PUT', '/v1/admin/moderation/policies', {
      token: as(admin),
      body: { rules: [], holdNewAccountMediaDays: 1.5 },
    })
    expect(bad.status).toBe(422)
    expect(
      (
        await call(node, 'PUT', '/v1/admin/moderation/policies', {
          token: as(admin),
          body: { rules: [], holdNewAccountMediaDays: 366 },
        })
      ).status,
    ).toBe(422)
  }, 60_000)

  test('an avatar moderation marks sensitive is shown blurred (sensitive, contentWarning); age-restricted, to adults only', async () => {
    await setPolicies([{ label: 'nudity', minScore: 0, outcome: 'sensitive' }])
    const [owner, adult, minor] = [await register(node), await register(node), await register(node)]
    const born = async (who: Account, birthDate: string) =>
      expect((await call(node, 'PATCH', '/v1/me', { token: as(who), body: { birthDate } })).status).toBe(200)
    await born(adult, '1990-01-01')
    await born(minor, `${new Date().getUTCFullYear() - 12}-01-01`)
    const profileFor = async (who?: Account) =>
      (await call(node, 'GET', `/v1/users/${owner.username}`, who ? { token: as(who) } : {})).body.avatar as {
        id: string
        sensitive: boolean
        contentWarning: string | null
      } | null
    const sensitive = await upload(owner, await picture(8))
    await eventually(async () => (await labelsOf(`image:${sensitive}`)).length === 2, 30_000)
    expect(
      (await call(node, 'PATCH', '/v1/me', { token: as(owner), body: { avatarMediaId: sensitive } })).status,
    ).toBe(200)
    for (const who of [undefined, minor, adult, owner])
      expect(await profileFor(who)).toMatchObject({
        id: sensitive,
        sensitive: true,
        contentWarning: 'nudity',
      })
    // Age-restricted: its owner and adults see it (blurred); a minor and anonymous viewers do not.
    await setPolicies([{ label: 'nudity', minScore: 0, outcome: 'age_restrict' }])
    const restricted = await upload(owner, await picture(9))
    await eventually(async () => (await labelsOf(`image:${restricted}`)).length === 2, 30_000)
    expect(
      (await call(node, 'PATCH', '/v1/me', { token: as(owner), body: { avatarMediaId: restricted } })).status,
    ).toBe(200)
    for (const who of [adult, owner])
      expect(await profileFor(who)).toMatchObject({
        id: restricted,
        sensitive: true,
        contentWarning: 'nudity',
      })
    for (const who of [undefined, minor]) expect(await profileFor(who)).toBeNull()
    // With no rule, an avatar is plain.
    await setPolicies([])
    const plain = await upload(owner, await picture(10))
    await eventually(async () => (await labelsOf(`image:${plain}`)).length === 2, 30_000)
    const me = await call(node, 'PATCH', '/v1/me', { token: as(owner), body: { avatarMediaId: plain } })
    expect(me.body.avatar).toMatchObject({ id: plain, sensitive: false, contentWarning: null })
    expect(await profileFor(minor)).toMatchObject({ id: plain, sensitive: false, contentWarning: null })
  }, 90_000)

  test('a profile name and bio are screened when changed', async () => {
    const user = await register(node)
    await call(node, 'PATCH', '/v1/me', { token: as(user), body: { bio: 'you are all b1tches' } })
    await eventually(async () => (await labelsOf(`user:${user.id}`)).length > 0, 15_000)
    expect((await labelsOf(`user:${user.id}`)).map((l) => [l.value, l.source])).toEqual([
      ['harassment', WORDS_SOURCE],
    ])
    // A change of something else is not screened again.
    await call(node, 'PATCH', '/v1/me', { token: as(user), body: { isPrivate: true } })
    await Bun.sleep(1500)
    expect((await labelsOf(`user:${user.id}`)).length).toBe(1)
  }, 30_000)

  test('direct messages are screened only for recipients who opt in; a removal takes the message down', async () => {
    await setPolicies([{ label: 'harassment', minScore: 0.6, outcome: 'remove' }])
    const [sender, plain, careful] = [await register(node), await register(node), await register(node)]
    const optIn = await call(node, 'PATCH', '/v1/me', { token: as(careful), body: { screenMessages: true } })
    expect(optIn.status).toBe(200)
    expect(optIn.body.settings.screenMessages).toBe(true)
    expect(
      (await call(node, 'PATCH', '/v1/me', { token: as(careful), body: { screenMessages: 'yes' } })).status,
    ).toBe(422)
    const send = async (to: Account) => {
      const opened = await call(node, 'POST', '/v1/conversations', {
        token: as(sender),
        body: { members: [to.username] },
      })
      const sent = await call(node, 'POST', `/v1/conversations/${opened.body.id}/messages`, {
        token: as(sender),
        body: { text: 'you are a b1tch', clientId: crypto.randomUUID() },
      })
      expect(sent.status).toBe(201)
      const text = async () =>
        (
          await call(node, 'GET', `/v1/conversations/${opened.body.id}/messages`, { token: as(to) })
        ).body.items.find((m: { id: string }) => m.id === sent.body.id).text
      return { id: sent.body.id as string, text }
    }
    const screened = await send(careful)
    const unscreened = await send(plain)
    await eventually(async () => (await screened.text()) === null, 15_000)
    expect((await labelsOf(`message:${screened.id}`)).map((l) => l.value)).toEqual(['harassment'])
    expect(await unscreened.text()).toBe('you are a b1tch')
    expect(await labelsOf(`message:${unscreened.id}`)).toEqual([])
  }, 30_000)

  test('a video is screened once encoded: its title and description, and frames sampled with ffmpeg', async () => {
    const clip = await makeClip(join(scratch, 'clip.mp4'), { seconds: 3 })
    const frames: Uint8Array[] = []
    for await (const f of sampleFrames(join(scratch, 'clip.mp4'), 3, 4)) frames.push(f)
    expect(frames.length).toBe(4)
    for (const f of frames) expect((await sharp(f).metadata()).format).toBe('jpeg')
    await setPolicies([{ label: 'sexual', minScore: 0, outcome: 'hold' }])
    const [owner, other] = [await register(node), await register(node)]
    const video = await uploadVideo(node, owner, clip, {
      title: 'my p0rn tape',
      description: 'nothing to see',
    })
    expect((await whenProcessed(node, owner, video.id)).status).toBe('ready')
    await eventually(
      async () => (await labelsOf(`video:${video.id}`)).some((l) => l.source === NSFW_SOURCE),
      60_000,
    )
    const labels = await labelsOf(`video:${video.id}`)
    expect(labels.map((l) => [l.value, l.source]).sort()).toEqual([
      ['nudity', NSFW_SOURCE],
      ['sexual', NSFW_SOURCE],
      ['sexual', WORDS_SOURCE],
    ])
    // Held: its owner still sees it, others do not.
    expect((await call(node, 'GET', `/v1/videos/${video.id}`, { token: as(other) })).status).toBe(404)
    expect((await call(node, 'GET', `/v1/videos/${video.id}`, { token: as(owner) })).status).toBe(200)
    // An edit screens the words again (not the frames).
    await setPolicies([])
    const edited = await call(node, 'PATCH', `/v1/videos/${video.id}`, {
      token: as(owner),
      body: { description: 'you b1tch' },
    })
    expect(edited.status).toBe(200)
    await eventually(
      async () => (await labelsOf(`video:${video.id}`)).some((l) => l.value === 'harassment'),
      15_000,
    )
    expect((await labelsOf(`video:${video.id}`)).filter((l) => l.source === NSFW_SOURCE).length).toBe(2)
    // A moderator's age restriction: shown with a warning; played to adults only (and its owner).
    const held = (await call(node, 'GET', `/v1/moderation/cases?kind=video`, { token: as(moderator) })).body
    expect(held.items.length).toBeGreaterThan(0)
    const restricted = await call(node, 'POST', '/v1/moderation/actions', {
      token: as(moderator),
      body: { kind: 'age_restrict', subject: `video:${video.id}`, rule: 'Adult content', reason: 'graphic' },
    })
    expect(restricted.status).toBe(201)
    const seen = await call(node, 'GET', `/v1/videos/${video.id}`, { token: as(other) })
    expect(seen.status).toBe(200)
    expect(seen.body.sensitive).toBe(true)
    const play = (who: Account) => call(node, 'GET', `/v1/videos/${video.id}/playback`, { token: as(who) })
    expect((await play(other)).status).toBe(403)
    expect((await play(owner)).status).toBe(200)
    await call(node, 'PATCH', '/v1/me', { token: as(other), body: { birthDate: '1990-01-01' } })
    expect((await play(other)).status).toBe(200)
  }, 120_000)
})

describe('a post shows what moderation did to the images it carries', () => {
  const read = (post: string, viewer?: Account) =>
    call(node, 'GET', `/v1/posts/${post}`, viewer ? { token: as(viewer) } : {})
  const authorsPosts = async (author: Account, viewer: Account) =>
    (await call(node, 'GET', `/v1/users/${author.username}/posts`, { token: as(viewer) })).body.items.map(
      (p: { id: string }) => p.id,
    )

  test('an image labelled later (a job) marks its post sensitive, then holds it; the read paths and their cache follow', async () => {
    const [author, other] = [await register(node), await register(node)]
    await setPolicies([{ label: 'nudity', minScore: 0, outcome: 'sensitive' }])
    const image = await upload(author, await picture(8))
    const post = await writePost(node, author, { text: 'a picture', mediaIds: [image] })
    // The job lands after the post was written (and its contents cached by a read, maybe before).
    await read(post, other)
    await eventually(async () => (await read(post, other)).body.sensitive === true, 30_000)
    const seen = await read(post, other)
    expect(seen.body.contentWarning).toBe('nudity')
    expect(seen.body.moderation).toBe('sensitive')
    expect(seen.body.media.map((m: { id: string }) => m.id)).toEqual([image])
    expect(await authorsPosts(author, other)).toContain(post)
    // The author's own warning stands before moderation's.
    const own = await writePost(node, author, {
      text: 'mine',
      contentWarning: 'spoilers',
      mediaIds: [await upload(author, await picture(9))],
    })
    await eventually(async () => (await read(own, other)).body.moderation === 'sensitive', 30_000)
    expect((await read(own, other)).body.contentWarning).toBe('spoilers')

    // A moderator holds the image: the post is held (its author and moderators only), everywhere.
    expect((await read(post, other)).status).toBe(200)
    const hold = await call(node, 'POST', '/v1/moderation/actions', {
      token: as(moderator),
      body: { kind: 'hold', subject: `image:${image}`, rule: 'Adult content', reason: 'nudity in a post' },
    })
    expect(hold.status).toBe(201)
    expect((await read(post, other)).status).toBe(404)
    expect((await read(post)).status).toBe(404)
    expect(await authorsPosts(author, other)).not.toContain(post)
    expect((await read(post, author)).body.moderation).toBe('held')
    expect((await read(post, moderator)).body.moderation).toBe('held')
    // Reversed: back to what the job had made it.
    const reversed = await call(node, 'POST', `/v1/moderation/actions/${hold.body.id}/reverse`, {
      token: as(moderator),
      body: { reason: 'art' },
    })
    expect(reversed.status).toBe(200)
    expect((await read(post, other)).body.moderation).toBe('sensitive')
    // The post's own state and its image's: the stronger shows.
    const postHold = await call(node, 'POST', '/v1/moderation/actions', {
      token: as(moderator),
      body: { kind: 'age_restrict', subject: `post:${post}`, rule: 'Adult content', reason: 'adults' },
    })
    expect(postHold.status).toBe(201)
    expect((await read(post, author)).body.moderation).toBe('age_restricted')
    expect((await read(post, other)).status).toBe(404)
  }, 90_000)

  test('a policy hold on an image holds the post carrying it; an image held before the post holds it at once', async () => {
    const [author, other] = [await register(node), await register(node)]
    await setPolicies([{ label: 'nudity', minScore: 0, outcome: 'hold' }])
    const image = await upload(author, await picture(10))
    const post = await writePost(node, author, { text: 'look', mediaIds: [image] })
    await eventually(async () => (await read(post, other)).status === 404, 30_000)
    expect((await read(post, author)).body.moderation).toBe('held')
    expect((await read(post, author)).body.contentWarning).toBe('nudity')
    // New accounts' media held by the option: the post is held from its first read.
    await setPolicies([], 7)
    const fresh = await upload(author, await picture(11))
    const early = await writePost(node, author, { text: 'new here', mediaIds: [fresh] })
    expect((await read(early, other)).status).toBe(404)
    expect((await read(early, author)).body.moderation).toBe('held')
    expect((await read(early, author)).body.contentWarning).toBe('new_account_media')
    await setPolicies([], 0)
    // A post without images is not touched.
    const plain = await writePost(node, author, { text: 'just words' })
    expect((await read(plain, other)).body.moderation).toBeNull()
  }, 90_000)
})
