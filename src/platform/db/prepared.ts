import type { CompiledQuery, Kysely, Transaction } from 'kysely'
import type { Sql } from './connect.ts'
import type { DB } from './schema.ts'

type Executor = Kysely<DB> | Transaction<DB>

interface Compilable<R> {
  compile(): CompiledQuery<R>
}

/** The postgres.js pool behind each Kysely instance (set by connectDatabase). */
const pools = new WeakMap<object, Sql>()

export function registerPool(db: Kysely<DB>, sql: Sql): void {
  pools.set(db, sql)
}

const camelNames = new Map<string, string>()
function camel(key: string): string {
  let name = camelNames.get(key)
  if (name === undefined) {
    name = key.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase())
    camelNames.set(key, name)
  }
  return name
}

/**
 * A query built and compiled once, then run with new argument values: for hot-path reads.
 * Building a Kysely query (and the camel-case plugin's pass over it) and kysely-postgres-js'
 * reserving a connection per query cost several times the database round trip of a small indexed
 * read. Outside a transaction the compiled SQL goes straight to the postgres.js pool (as a
 * prepared statement); inside one, through the transaction. Arguments must be plain values in the
 * query (not raw SQL): each is found among the compiled parameters by a unique sentinel.
 */
export function prepared<A extends unknown[], R>(build: (db: Executor, ...args: A) => Compilable<R>) {
  let plan: { query: CompiledQuery<R>; slots: number[] } | undefined
  return async (db: Executor, ...args: A): Promise<R[]> => {
    if (!plan) {
      const sentinels = args.map((_, i) => `\u0000prepared-arg-${i}\u0000`) as A
      const query = build(db, ...sentinels).compile()
      const slots = query.parameters.map((p) => sentinels.indexOf(p as never))
      if (sentinels.some((_, i) => !slots.includes(i)))
        throw new Error('prepared: an argument is not a query parameter')
      plan = { query, slots }
    }
    const { query, slots } = plan
    const parameters = slots.map((slot, i) => (slot >= 0 ? args[slot] : query.parameters[i]))
    const pool = db.isTransaction ? undefined : pools.get(db)
    if (!pool) return (await db.executeQuery<R>({ ...query, parameters })).rows
    const rows = await pool.unsafe(query.sql, parameters as never[], { prepare: true })
    return rows.map((row) => {
      const out: Record<string, unknown> = {}
      for (const key in row) out[camel(key)] = row[key]
      return out as R
    })
  }
}
