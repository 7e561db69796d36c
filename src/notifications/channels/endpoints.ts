import { lookup } from 'node:dns/promises'
import { BlockList, isIP } from 'node:net'

/** Loopback, private, link-local, shared and unspecified ranges: not where a push service lives. */
const INTERNAL = new BlockList()
for (const [net, bits] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.168.0.0', 16],
] as const)
  INTERNAL.addSubnet(net, bits, 'ipv4')
for (const [net, bits] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
] as const)
  INTERNAL.addSubnet(net, bits, 'ipv6')

/** Whether an IP address (v4, v6, or v4 mapped in v6) is internal. */
export function isInternalAddress(ip: string): boolean {
  const mapped = ip.toLowerCase().match(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/)
  if (mapped) return INTERNAL.check(mapped[1]!, 'ipv4')
  const family = isIP(ip)
  if (family === 0) return false
  return INTERNAL.check(ip, family === 4 ? 'ipv4' : 'ipv6')
}

/** A host that is internal by its very name: an internal address literal, or localhost. */
export function isInternalHost(hostname: string): boolean {
  const host = hostname
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '')
    .toLowerCase()
  return host === 'localhost' || host.endsWith('.localhost') || isInternalAddress(host)
}

/**
 * Where web push may send: a browser's subscription names its push service's URL, which an
 * account chooses freely, so the platform must not be made to post to its own network (SSRF).
 * A host is checked by name, then by what it resolves to (kept a minute per host: push services
 * are few). Resolution is checked here, not on the connection itself: a name that changes its
 * answer between the two (DNS rebinding) is not caught.
 */
export class PushEndpointGuard {
  private readonly resolved = new Map<string, { internal: boolean; until: number }>()

  constructor(private readonly allowInternal: boolean) {}

  /** Why the endpoint may not be used, or undefined when it may. */
  async refusal(endpoint: string): Promise<string | undefined> {
    if (this.allowInternal) return undefined
    const host = new URL(endpoint).hostname
    if (isInternalHost(host)) return 'an internal address'
    if (isIP(host.replace(/^\[|\]$/g, ''))) return undefined
    const now = Date.now()
    let known = this.resolved.get(host)
    if (!known || known.until < now) {
      const addresses = await lookup(host, { all: true }).catch(() => [])
      known = { internal: addresses.some((a) => isInternalAddress(a.address)), until: now + 60_000 }
      this.resolved.set(host, known)
    }
    return known.internal ? 'a name of an internal address' : undefined
  }
}
