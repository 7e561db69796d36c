import { CompiledQuery, type DatabaseConnection } from 'kysely'
import { PostgresJSDialect, PostgresJSDriver } from 'kysely-postgres-js'
import type postgres from 'postgres'

/**
 * kysely-postgres-js's driver with one change: a `rollback` that fails (its connection closed
 * under it, PostgreSQL stopping) rejects with its own error. The inherited Kysely 0.29 method
 * then calls a private method only Kysely's `pg` connections have, and the transaction failed
 * with a TypeError (a 500) instead of the connection's error (a 503).
 */
class Driver extends PostgresJSDriver {
  override async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('rollback'))
  }
}

/** The Kysely dialect over a postgres.js pool. */
export class PostgresDialect extends PostgresJSDialect {
  constructor(private readonly sql: postgres.Sql) {
    super({ postgres: sql })
  }

  override createDriver() {
    return new Driver({ postgres: this.sql })
  }
}
