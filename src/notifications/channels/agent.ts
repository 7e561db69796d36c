import { readFileSync } from 'node:fs'
import { Agent, type AgentOptions } from 'node:https'
import type { LookupFunction } from 'node:net'
import { connect } from 'node:tls'

/**
 * The HTTPS agent of a provider's SDK: trusts NOTIFY_EXTRA_CA_FILE besides the usual roots, and,
 * with `connectTo` (host:port, like curl's --connect-to), dials that address whatever host the
 * SDK asks for, keeping the host name for TLS: how an emulator or a test service stands in for
 * the provider when the SDK has no endpoint option (firebase-admin). `lookup` resolves the host
 * names of its connections (web push's guard).
 */
export function providerAgent(opts: { caFile?: string; connectTo?: string }): Agent | undefined
export function providerAgent(opts: { caFile?: string; lookup: LookupFunction }): Agent
export function providerAgent(opts: {
  caFile?: string
  connectTo?: string
  lookup?: LookupFunction
}): Agent | undefined {
  if (!opts.caFile && !opts.connectTo && !opts.lookup) return undefined
  const ca = opts.caFile ? readFileSync(opts.caFile, 'utf8') : undefined
  const options: AgentOptions = {
    keepAlive: true,
    ...(ca ? { ca } : {}),
    ...(opts.lookup ? { lookup: opts.lookup } : {}),
  }
  const agent = new Agent(options)
  if (opts.connectTo) {
    const [host, port] = splitHostPort(opts.connectTo)
    // biome-ignore lint/suspicious/noExplicitAny: Agent's createConnection is not in its public type
    ;(agent as any).createConnection = (o: { host?: string; servername?: string }, cb?: unknown) =>
      connect(
        { ...o, host, port, servername: o.servername ?? o.host, ...(ca ? { ca } : {}) },
        cb as () => void,
      )
  }
  return agent
}

function splitHostPort(s: string): [string, number] {
  const at = s.lastIndexOf(':')
  return [s.slice(0, at), Number(s.slice(at + 1))]
}
