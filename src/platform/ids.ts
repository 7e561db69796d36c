/** Time-ordered identifiers (UUIDv7): they sort by creation time, which keeps B-tree inserts local. */
export function newId(): string {
  return Bun.randomUUIDv7()
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export function isUuid(value: string): boolean {
  return UUID.test(value)
}
