/**
 * The profile-read baseline: bare Bun.serve and postgres.js doing the least a profile read must,
 * one prepared statement (the account by name with its counts) and its row as JSON, with no
 * token check, rate limit, relationship, middleware or logging.
 */
import postgres from 'postgres'

const sql = postgres(process.env.DATABASE_URL!, { max: 10, onnotice: () => {} })
Bun.serve({
  port: Number(process.env.PORT),
  hostname: '127.0.0.1',
  async fetch(request) {
    const name = decodeURIComponent(new URL(request.url).pathname.split('/').at(-1) ?? '')
    const [row] =
      await sql`select u.id, u.username, u.display_name, u.bio, u.links, u.is_private, u.created_at,
        c.followers, c.following, c.posts
      from users u join user_counts c on c.user_id = u.id
      where lower(u.username) = ${name.toLowerCase()} and u.status <> 'banned'`
    return row ? Response.json(row) : new Response('{}', { status: 404 })
  },
})
process.on('SIGTERM', () => process.exit(0))
