import { createHmac, timingSafeEqual } from 'node:crypto'
import type { Database } from '../platform/db/connect.ts'
import { defineProblem, HttpError, problemResponse, problems, toProblem } from '../platform/errors.ts'
import type { ByteRange, Storage } from '../platform/storage.ts'

export const PLAY_PATH = '/v1/play'

export const playbackProblems = {
  invalid: defineProblem(403, 'playback_url_invalid', 'This playback URL is not valid'),
  expired: defineProblem(403, 'playback_url_expired', 'This playback URL has expired; ask for a new one'),
  outOfScope: defineProblem(403, 'playback_url_out_of_scope', 'This URL does not open that file'),
  rangeNotSatisfiable: defineProblem(416, 'range_not_satisfiable', 'The range is outside the file'),
}

/** Names the encoders write (lower case, as storage keys are). */
const FILE = /^[a-z0-9][a-z0-9_.-]{0,120}$/
/**
 * A Map: the extension comes from the URL, and a plain object would answer `constructor`.
 * `cmfv`/`cmfa` are MediaConvert's CMAF video and audio segments (and init segments): fragmented
 * MP4, which players (hls.js, Shaka, Safari) take as video/mp4 and audio/mp4.
 */
const CONTENT_TYPES = new Map([
  ['m3u8', 'application/vnd.apple.mpegurl'],
  ['mpd', 'application/dash+xml'],
  ['m4s', 'video/iso.segment'],
  ['ts', 'video/mp2t'],
  ['mp4', 'video/mp4'],
  ['m4a', 'audio/mp4'],
  ['cmfv', 'video/mp4'],
  ['cmfa', 'audio/mp4'],
  ['jpg', 'image/jpeg'],
  ['vtt', 'text/vtt; charset=utf-8'],
])

/**
 * What a token opens. `encoding`: every file under the prefix (the playback set: HLS master, media
 * playlists, DASH manifest, segments, thumbnails, storyboard), so that the relative URLs inside
 * playlists and manifests resolve without re-signing; issued by playback, once the viewer passed
 * its rules. `live`: the same over a live stream's session, whose playlists change (served
 * uncached). `{ file }`: that one file (a poster, shown wherever the video is listed, also to
 * viewers whom playback refuses).
 */
export type PlaybackScope = 'encoding' | 'live' | { file: string }

/** The whole prefix, in a token (no file name starts with `*`). */
const WHOLE_ENCODING = '*'
/** The whole prefix of a live session. */
const WHOLE_LIVE = '*live'

/**
 * Signed, expiring playback URLs: `/v1/play/<token>/<file>`, the token naming one encoding of one
 * video (its storage prefix), what of it it opens (its scope) and until when; serving a file
 * needs no database lookup. Tokens are HMAC-SHA256 under a key shared by nodes.
 */
export class PlaybackSigner {
  constructor(private readonly key: Uint8Array) {}

  sign(videoId: string, prefix: string, expiresAt: number, scope: PlaybackScope): string {
    const opens = scope === 'encoding' ? WHOLE_ENCODING : scope === 'live' ? WHOLE_LIVE : scope.file
    const body = Buffer.from(JSON.stringify([videoId, prefix, expiresAt, opens])).toString('base64url')
    return `${body}.${this.mac(body)}`
  }

  /**
   * The video, prefix and expiry of a token that opens `file`; an HttpError when the token is
   * forged or expired, or its scope does not take in `file`. Tokens without a scope (signed before
   * scopes existed) are refused: a poster's could not be told from playback's.
   */
  verify(
    token: string,
    file: string,
    now = Date.now(),
  ): { videoId: string; prefix: string; expiresAt: number; live: boolean } {
    const [body, mac, extra] = token.split('.')
    if (!body || !mac || extra !== undefined) throw new HttpError(playbackProblems.invalid)
    const expected = Buffer.from(this.mac(body))
    const given = Buffer.from(mac)
    if (expected.length !== given.length || !timingSafeEqual(expected, given))
      throw new HttpError(playbackProblems.invalid)
    const [videoId, prefix, expiresAt, opens] = JSON.parse(Buffer.from(body, 'base64url').toString()) as [
      string,
      string,
      number,
      string | undefined,
    ]
    if (typeof opens !== 'string') throw new HttpError(playbackProblems.invalid)
    if (expiresAt * 1000 <= now) throw new HttpError(playbackProblems.expired)
    if (opens !== WHOLE_ENCODING && opens !== WHOLE_LIVE && opens !== file)
      throw new HttpError(playbackProblems.outOfScope)
    return { videoId, prefix, expiresAt, live: opens === WHOLE_LIVE }
  }

  private mac(body: string): string {
    return createHmac('sha256', this.key).update(body).digest('base64url')
  }
}

/** PLAYBACK_SIGNING_KEY, or the key the database made once for all nodes. */
export async function playbackKey(db: Database, configured: string | undefined): Promise<Uint8Array> {
  if (configured) return new TextEncoder().encode(configured)
  const row = await db
    .selectFrom('playbackKeys')
    .select('secret')
    .where('id', '=', 1)
    .executeTakeFirstOrThrow()
  return new Uint8Array(row.secret)
}

/**
 * One file of an encoding, when the token opens it: the right content type, single byte ranges
 * (206, 416) read from storage as ranges and streamed (a segment is never held in memory whole),
 * and caching until the URL expires (an encoding never changes: a new one gets a new prefix), but
 * for a live session's playlists, which change with every segment.
 */
export async function serveFile(
  signer: PlaybackSigner,
  storage: Storage,
  token: string,
  file: string,
  request: Request,
): Promise<Response> {
  const { prefix, expiresAt, live } = signer.verify(token, file)
  if (!FILE.test(file) || file.includes('..')) throw new HttpError(problems.notFound, 'No such file')
  const header = request.headers.get('range')
  const range = header ? parseRange(header) : 'ignore'
  const found = await storage.read(`${prefix}${file}`, range === 'ignore' ? undefined : range)
  if (!found) throw new HttpError(problems.notFound, 'No such file')
  if ('unsatisfiable' in found) {
    return problemResponse(
      toProblem(playbackProblems.rangeNotSatisfiable, `The file has ${found.size} bytes`),
      {
        'content-range': `bytes */${found.size}`,
      },
    )
  }
  const ext = file.slice(file.lastIndexOf('.') + 1)
  const headers: Record<string, string> = {
    'content-type': CONTENT_TYPES.get(ext) ?? 'application/octet-stream',
    'accept-ranges': 'bytes',
    'cache-control':
      live && ext === 'm3u8'
        ? 'no-cache'
        : `public, max-age=${Math.max(0, expiresAt - Math.floor(Date.now() / 1000))}, immutable`,
  }
  const { range: sent, size } = found
  if (sent) headers['content-range'] = `bytes ${sent.start}-${sent.end}/${size}`
  headers['content-length'] = String(sent ? sent.end - sent.start + 1 : size)
  // To a HEAD request Bun sends these headers alone and cancels the stream (freeing S3's connection).
  return new Response(found.body, { status: sent ? 206 : 200, headers })
}

/**
 * One range (`a-b`, `a-`, `-n`), its bounds checked against the file by storage; `ignore` for
 * what this server does not serve as ranges (other units, several ranges, nonsense), which
 * RFC 9110 lets it answer with the whole file.
 */
export function parseRange(header: string): ByteRange | 'ignore' {
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim())
  if (!m || (m[1] === '' && m[2] === '')) return 'ignore'
  if (m[1] === '') return { suffix: Number(m[2]) }
  const start = Number(m[1])
  if (m[2] === '') return { start }
  const end = Number(m[2])
  // An end before the start makes the header invalid (RFC 9110 14.1.1): the whole file.
  return end < start ? 'ignore' : { start, end }
}
