import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { SMTPServer } from 'smtp-server'
import { call, register } from '../support/accounts.ts'
import { eventually } from '../support/eventually.ts'
import { startTestNode, type TestNode } from '../support/node.ts'

/** A real SMTP server in the test process: it records what the SDK really sent. */
interface Received {
  from: string
  to: string[]
  data: string
}

function startSmtp(received: Received[], opts: { refuse?: () => boolean } = {}) {
  const server = new SMTPServer({
    authOptional: true,
    closeTimeout: 200,
    disabledCommands: ['STARTTLS'],
    onData(stream, session, callback) {
      let data = ''
      stream.on('data', (chunk: Buffer) => {
        data += chunk.toString()
      })
      stream.on('end', () => {
        if (opts.refuse?.()) return callback(new Error('451 try again later'))
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          data,
        })
        callback()
      })
    },
  })
  return new Promise<{ port: number; close: () => Promise<void> }>((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const address = server.server.address() as { port: number }
      resolve({ port: address.port, close: () => new Promise((r) => server.close(() => r())) })
    })
  })
}

describe('mail over SMTP', () => {
  const received: Received[] = []
  let refusing = true
  let smtp: { port: number; close: () => Promise<void> }
  let node: TestNode

  beforeAll(async () => {
    smtp = await startSmtp(received, { refuse: () => refusing })
    node = await startTestNode('mail_smtp', {
      env: {
        SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
        MAIL_FROM: 'SocialFlow <hello@socialflow.test>',
        TRUST_PROXY: 'true',
      },
    })
  })
  afterAll(async () => {
    await node.stop()
    await smtp.close()
  })

  test('a mail the server refuses is kept and retried, then delivered once', async () => {
    const account = await register(node)
    await eventually(async () => {
      const row = await node.ctx.db
        .selectFrom('mailQueue')
        .selectAll()
        .where('toAddress', '=', account.email)
        .executeTakeFirst()
      return (row?.attempts ?? 0) >= 1 && row?.lastError !== null && row?.sentAt === null
    }, 5000)
    expect(received.length).toBe(0)
    refusing = false
    // The retry is scheduled with back-off; bring it forward rather than wait minutes.
    await node.ctx.db.updateTable('mailQueue').set({ nextAttemptAt: new Date() }).execute()
    await node.ctx.mailSender.round()
    expect(received.length).toBe(1)
    expect(received[0]!.to).toEqual([account.email])
    expect(received[0]!.from).toBe('hello@socialflow.test')
    expect(received[0]!.data).toContain('Subject: Finish signing up to SocialFlow')
    const row = await node.ctx.db
      .selectFrom('mailQueue')
      .selectAll()
      .where('toAddress', '=', account.email)
      .executeTakeFirstOrThrow()
    expect(row.sentAt).not.toBeNull()
    expect(row.attempts).toBe(2)
    await node.ctx.mailSender.round()
    expect(received.length).toBe(1)
  })

  test('the folder mailer is not used when SMTP is configured', async () => {
    expect(node.ctx.mailer.kind).toBe('smtp')
    const res = await call(node, 'POST', '/v1/auth/password/forgot', {
      body: { email: 'nobody@example.test' },
    })
    expect(res.status).toBe(202)
  })
})
