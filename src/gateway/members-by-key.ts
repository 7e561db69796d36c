/**
 * Members by key (connections by user, by session). A key with one member, the usual case, holds
 * it alone: a Set for each would cost ~250 bytes per connection and index.
 */
export class Index<V extends object> {
  private readonly map = new Map<string, V | Set<V>>()

  add(key: string, value: V): void {
    const held = this.map.get(key)
    if (held === undefined) this.map.set(key, value)
    else if (held instanceof Set) held.add(value)
    else if (held !== value) this.map.set(key, new Set([held, value]))
  }

  remove(key: string, value: V): void {
    const held = this.map.get(key)
    if (held === value) this.map.delete(key)
    else if (held instanceof Set) {
      held.delete(value)
      if (held.size === 1) this.map.set(key, held.values().next().value!)
    }
  }

  members(key: string): V[] {
    const held = this.map.get(key)
    return held === undefined ? [] : held instanceof Set ? [...held] : [held]
  }

  count(key: string): number {
    const held = this.map.get(key)
    return held === undefined ? 0 : held instanceof Set ? held.size : 1
  }

  *entries(): Generator<[string, V[]]> {
    for (const [key, held] of this.map) yield [key, held instanceof Set ? [...held] : [held]]
  }
}
