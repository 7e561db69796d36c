import { BootError } from '../platform/boot-error.ts'
import { ConfigError, loadConfig } from '../platform/config.ts'
import { connectDatabase } from '../platform/db/connect.ts'
import { migrate } from '../platform/db/migrate.ts'
import { createLogger } from '../platform/logger.ts'

/** `npm run migrate`: applies pending migrations from sql/ and exits. */
try {
  const { config, secrets } = loadConfig(process.env)
  const log = createLogger({ level: config.log.level, nodeId: config.nodeId })
  const database = await connectDatabase(config.database, secrets.databaseUrl)
  try {
    const applied = await migrate(database.sql, log)
    log.info(
      { applied, database: config.database.displayUrl },
      applied.length ? 'migrated' : 'schema up to date',
    )
  } finally {
    await database.close()
  }
} catch (error) {
  const known = error instanceof ConfigError || error instanceof BootError
  console.error(`socialflow migrate: ${known ? (error as Error).message : error}`)
  process.exit(1)
}
