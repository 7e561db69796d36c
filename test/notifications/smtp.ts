import { SMTPServer } from 'smtp-server'

export interface ReceivedMail {
  to: string[]
  raw: string
  /** Headers of the message, unfolded, lower-case names. */
  headers: Map<string, string>
}

/**
 * An SMTP server in-process (smtp-server) keeping every message it is given; recipients in
 * `unknown` are refused for good (550 5.1.1 at RCPT TO), as a server without that mailbox does,
 * and kept in `refused` (one entry per refusal); those in `policy` are refused for the
 * server's own reasons (550 5.7.1), not for their address.
 */
export async function startSmtp(): Promise<{
  url: string
  mails: ReceivedMail[]
  unknown: Set<string>
  refused: string[]
  policy: Set<string>
  stop(): Promise<void>
}> {
  const policy = new Set<string>()
  const mails: ReceivedMail[] = []
  const unknown = new Set<string>()
  const refused: string[] = []
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(address, _session, done) {
      if (policy.has(address.address.toLowerCase()))
        return done(Object.assign(new Error('5.7.1 Relaying denied by local policy'), { responseCode: 550 }))
      if (!unknown.has(address.address.toLowerCase())) return done()
      refused.push(address.address.toLowerCase())
      done(Object.assign(new Error('5.1.1 No such mailbox here'), { responseCode: 550 }))
    },
    onData(stream, session, done) {
      const chunks: Buffer[] = []
      stream.on('data', (c: Buffer) => chunks.push(c))
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8')
        const head = raw.split(/\r?\n\r?\n/)[0] ?? ''
        const headers = new Map<string, string>()
        for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
          const at = line.indexOf(':')
          if (at > 0) headers.set(line.slice(0, at).toLowerCase(), decodeWords(line.slice(at + 1).trim()))
        }
        mails.push({ to: session.envelope.rcptTo.map((r) => r.address), raw, headers })
        done()
      })
    },
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.server.address() as { port: number }).port
  return {
    url: `smtp://127.0.0.1:${port}`,
    mails,
    unknown,
    refused,
    policy,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

/** The decoded text part of a message (quoted-printable undone, UTF-8). */
export function textPart(raw: string): string {
  const m = raw.match(/Content-Type: text\/plain[\s\S]*?\r?\n\r?\n([\s\S]*?)\r?\n--/)
  return quotedPrintable((m?.[1] ?? '').replace(/=\r?\n/g, ''))
}

/** The whole message with its quoted-printable parts decoded (both the text and the HTML). */
export function decoded(raw: string): string {
  return quotedPrintable(raw.replace(/=\r?\n/g, ''))
}

/** Quoted-printable bytes (=C3=A9) to UTF-8 text. */
function quotedPrintable(s: string): string {
  return Buffer.from(
    s.replace(/=([0-9A-F]{2})/gi, (_, h) => String.fromCharCode(Number.parseInt(h, 16))),
    'latin1',
  ).toString('utf8')
}

/** RFC 2047 encoded words of a header (=?UTF-8?Q?...?= or ?B?) decoded; adjacent words joined. */
function decodeWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?utf-8\?([QB])\?([^?]*)\?=/gi, (_, enc: string, text: string) =>
      enc.toUpperCase() === 'B'
        ? Buffer.from(text, 'base64').toString('utf8')
        : quotedPrintable(text.replaceAll('_', ' ')),
    )
}
