import { BootError } from '../../platform/boot-error.ts'
import { ConfigError, loadConfig } from '../../platform/config.ts'
import { connectDatabase } from '../../platform/db/connect.ts'
import { checkLedger } from '../ledger-check.ts'

/** `npm run ledger:check`: checks the ledger's invariants on DATABASE_URL; exits 1 when one is broken. */
try {
  const { config, secrets } = loadConfig(process.env)
  const database = await connectDatabase(config.database, secrets.databaseUrl)
  try {
    const report = await checkLedger(database.db)
    for (const problem of report.problems) console.error(`ledger: ${problem}`)
    console.log(
      `ledger: ${report.transactions} transactions, ${report.entries} entries, ${report.problems.length === 0 ? 'balanced' : `${report.problems.length} problems`}`,
    )
    if (report.problems.length > 0) process.exitCode = 1
  } finally {
    await database.close()
  }
} catch (error) {
  const known = error instanceof ConfigError || error instanceof BootError
  console.error(`socialflow ledger:check: ${known ? (error as Error).message : error}`)
  process.exit(1)
}
