import { mkdir, writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import nodemailer from 'nodemailer'
import type { Config, Secrets } from '../config.ts'
import { newId } from '../ids.ts'

export interface MailMessage {
  to: string
  subject: string
  text: string
  /** An HTML alternative of the text. */
  html?: string
  /** Extra headers (List-Unsubscribe...). */
  headers?: Record<string, string>
}

/** Sends one message; throws when it could not be handed over (the queue retries). */
export interface Mailer {
  readonly kind: 'smtp' | 'folder'
  send(message: MailMessage): Promise<void>
  close(): void
}

/**
 * SMTP through nodemailer when SMTP_URL is set; otherwise the folder mailer, the local default:
 * each message is composed exactly as it would be sent and kept in MAIL_DIR as an `.eml` file
 * (open it in any mail client) beside a `.json` summary, so that no mail is dropped in development.
 */
export function createMailer(config: Config, secrets: Secrets): Mailer {
  if (secrets.smtpUrl) return smtpMailer(secrets.smtpUrl, config.mail.from)
  return folderMailer(resolve(config.mail.dir), config.mail.from)
}

function smtpMailer(url: string, from: string): Mailer {
  const transport = nodemailer.createTransport(url)
  return {
    kind: 'smtp',
    send: async (m) => {
      await transport.sendMail({
        from,
        to: m.to,
        subject: m.subject,
        text: m.text,
        html: m.html,
        headers: m.headers,
      })
    },
    close: () => transport.close(),
  }
}

function folderMailer(dir: string, from: string): Mailer {
  const composer = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' })
  return {
    kind: 'folder',
    send: async (m) => {
      const info = await composer.sendMail({
        from,
        to: m.to,
        subject: m.subject,
        text: m.text,
        html: m.html,
        headers: m.headers,
      })
      const name = `${new Date().toISOString().replaceAll(':', '-')}-${newId()}`
      await mkdir(dir, { recursive: true })
      await writeFile(join(dir, `${name}.eml`), info.message as Buffer)
      await writeFile(
        join(dir, `${name}.json`),
        JSON.stringify(
          { from, to: m.to, subject: m.subject, text: m.text, savedAt: new Date().toISOString() },
          null,
          2,
        ),
      )
    },
    close: () => composer.close(),
  }
}
