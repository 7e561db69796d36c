import { headers } from '@nats-io/nats-core'
import type { Bus } from './connect.ts'

/**
 * A publish to a JetStream subject without asking for an acknowledgement: the stream applies the
 * same headers as to `js.publish` (de-duplication by `msgID`; refusal unless its last message is
 * `lastMsgID`), but nothing tells whether it stored it. For the messages of a batch before its
 * last, which is published with `js.publish` and awaited: a JetStream request and its
 * acknowledgement cost several times a plain publish. Throws when the client refuses it (too
 * large, connection closed).
 */
export function publishUnconfirmed(
  bus: Bus,
  subject: string,
  payload: string,
  opts: { msgID: string; lastMsgID?: string },
): void {
  const h = headers()
  h.set('Nats-Msg-Id', opts.msgID)
  if (opts.lastMsgID) h.set('Nats-Expected-Last-Msg-Id', opts.lastMsgID)
  bus.nc.publish(subject, payload, { headers: h })
}
