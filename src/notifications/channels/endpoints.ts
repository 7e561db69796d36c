import { type LookupAddress, lookup as systemLookup } from 'node:dns'
import { BlockList, isIP, type LookupFunction } from 'node:net'

/**
 * Where no push service lives: loopback, private, shared (CGNAT), link-local, unspecified,
 * benchmarking, documentation, multicast and reserved ranges.
 */
const INTERNAL = new BlockList()
for (const [net, bits] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  INTERNAL.addSubnet(net, bits, 'ipv4')
for (const [net, bits] of [
  ['::', 128],
  ['::1', 128],
  ['100::', 64],
  ['2001:db8::', 32],
  ['fc00::', 7],
  ['fe80::', 10],
  ['fec0::', 10],
  ['ff00::', 8],
] as const)
  INTERNAL.addSubnet(net, bits, 'ipv6')

/** IPv4 carried in IPv6: mapped (::ffff:a.b.c.d, also written in hex) and NAT64 (64:ff9b::/96). */
function embeddedIpv4(ip: string): string | undefined {
  const m = ip
    .toLowerCase()
    .match(/^(?:::ffff:|64:ff9b::)(?:(\d+\.\d+\.\d+\.\d+)|([0-9a-f]{1,4}):([0-9a-f]{1,4}))$/)
  if (!m) return undefined
  if (m[1]) return m[1]
  const hi = Number.parseInt(m[2]!, 16)
  const lo = Number.parseInt(m[3]!, 16)
  return [hi >> 8, hi & 255, lo >> 8, lo & 255].join('.')
}

/** Whether an IP address (v4, v6, or v4 carried in v6) is internal. */
export function isInternalAddress(ip: string): boolean {
  const v4 = embeddedIpv4(ip)
  if (v4) return INTERNAL.check(v4, 'ipv4')
  const family = isIP(ip)
  if (family === 0) return false
  return INTERNAL.check(ip, family === 4 ? 'ipv4' : 'ipv6')
}

/** A host that is internal by its very name: an internal address literal, or localhost. */
export function isInternalHost(hostname: string): boolean {
  const host = bareHost(hostname)
  return host === 'localhost' || host.endsWith('.localhost') || isInternalAddress(host)
}

function bareHost(hostname: string): string {
  return hostname
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '')
    .toLowerCase()
}

/** The connection's own resolution answered with an internal address: nothing was sent. */
export class InternalEndpointError extends Error {
  readonly code = 'ERR_PUSH_ENDPOINT_INTERNAL'
  constructor(readonly host: string) {
    super(`${host} resolves to an internal address`)
  }
}

/**
 * Where web push may send: a browser's subscription names its push service's URL, which an
 * account chooses freely, so the platform must not be made to post to its own network (SSRF).
 * At subscribe time a URL is refused by its name and by what the name resolves to then (an early,
 * clear answer). That answer may change (DNS rebinding: public when checked, internal when used),
 * so the check that counts is `lookup`, the resolver of the push connections themselves: it
 * resolves once, refuses any internal answer, and the socket dials exactly the addresses it
 * checked; nothing resolves the name again. With `allowInternal` (WEB_PUSH_PRIVATE_ENDPOINTS)
 * every address passes. `resolve` is the system's resolver; tests hand their own.
 */
export class PushEndpointGuard {
  constructor(
    private readonly allowInternal: boolean,
    private readonly resolve: LookupFunction = systemLookup,
  ) {}

  /** Why the endpoint may not be subscribed, or undefined when it may (checked again on each connection). */
  async refusal(endpoint: string): Promise<string | undefined> {
    const byName = this.refusalByName(endpoint)
    if (byName || this.allowInternal) return byName
    const host = bareHost(new URL(endpoint).hostname)
    if (isIP(host)) return undefined
    const addresses = await new Promise<LookupAddress[]>((done) =>
      this.resolve(host, { all: true }, (err, found) => done(err ? [] : (found as LookupAddress[]))),
    )
    return addresses.some((a) => isInternalAddress(a.address)) ? 'a name of an internal address' : undefined
  }

  /** Why the endpoint's host may not be used as written (an internal address literal, localhost). */
  refusalByName(endpoint: string): string | undefined {
    if (this.allowInternal) return undefined
    return isInternalHost(new URL(endpoint).hostname) ? 'an internal address' : undefined
  }

  /** The `lookup` of the push connections' agent (see the class comment). */
  readonly lookup: LookupFunction = (hostname, options, callback) => {
    this.resolve(hostname, { ...options, all: true }, (err, found) => {
      if (err) return callback(err, '', 0)
      const addresses = found as LookupAddress[]
      if (addresses.length === 0)
        return callback(Object.assign(new Error(`${hostname}: no address`), { code: 'ENOTFOUND' }), '', 0)
      if (!this.allowInternal && addresses.some((a) => isInternalAddress(a.address)))
        return callback(new InternalEndpointError(hostname), '', 0)
      if (options.all) callback(null, addresses)
      else callback(null, addresses[0]!.address, addresses[0]!.family)
    })
  }
}
