import { ACCOUNT_ROLES } from '../auth/permissions.ts'
import { BootError } from '../platform/boot-error.ts'
import { ConfigError, loadConfig } from '../platform/config.ts'
import { connectDatabase } from '../platform/db/connect.ts'

/**
 * `npm run set-role -- <username> <role>`: gives an account a role from the command line, which
 * is how the first administrator is made. Running nodes see the new role when the account's
 * access token is next refreshed (at most ACCESS_TOKEN_TTL_SECONDS later).
 */
const [username, role] = process.argv.slice(2)
if (!username || !role || !(ACCOUNT_ROLES as readonly string[]).includes(role)) {
  console.error(`usage: npm run set-role -- <username> <${ACCOUNT_ROLES.join('|')}>`)
  process.exit(2)
}
try {
  const { config, secrets } = loadConfig(process.env)
  const database = await connectDatabase(config.database, secrets.databaseUrl)
  try {
    const rows = await database.db
      .updateTable('users')
      .set({ role: role as (typeof ACCOUNT_ROLES)[number], updatedAt: new Date() })
      .where((eb) => eb(eb.fn('lower', ['username']), '=', username.toLowerCase()))
      .returning(['id', 'username', 'role'])
      .execute()
    if (rows.length === 0) {
      console.error(`no account named ${username}`)
      process.exitCode = 1
    } else {
      console.log(`${rows[0]!.username} (${rows[0]!.id}) is now ${rows[0]!.role}`)
    }
  } finally {
    await database.close()
  }
} catch (error) {
  const known = error instanceof ConfigError || error instanceof BootError
  console.error(`socialflow set-role: ${known ? (error as Error).message : error}`)
  process.exit(1)
}
