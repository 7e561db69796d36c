/**
 * The baseline of bench/auth: bare Bun.serve that verifies the same HS256 access token with jose
 * and reads the same rows with postgres.js (the account, its profile with its counts), answering the same
 * JSON as GET /v1/me.
 */
import { jwtVerify } from 'jose'
import postgres from 'postgres'

const sql = postgres(process.env.DATABASE_URL!, { max: 10 })
const key = await crypto.subtle.importKey(
  'raw',
  Buffer.from(process.env.BENCH_KEY!, 'base64'),
  { name: 'HMAC', hash: 'SHA-256' },
  false,
  ['verify'],
)
const unauthorized = () => new Response('{"code":"unauthenticated"}', { status: 401 })

Bun.serve({
  port: Number(process.env.PORT),
  hostname: '127.0.0.1',
  async fetch(request) {
    if (new URL(request.url).pathname === '/healthz') return new Response('ok')
    const token = request.headers.get('authorization')?.slice(7)
    if (!token) return unauthorized()
    try {
      const { payload } = await jwtVerify(token, key, { algorithms: ['HS256'] })
      const [[u], [p]] = await Promise.all([
        sql`select id, username, email, email_verified_at, role, created_at from users where id = ${payload.sub!}`,
        sql`select u.id, u.username, u.display_name, u.bio, u.links, u.is_private, u.created_at, u.mention_policy,
              u.message_policy, u.presence_visibility, u.birth_date, c.followers, c.following, c.posts
            from users u join user_counts c on c.user_id = u.id where u.id = ${payload.sub!}`,
      ])
      if (!u || !p) return unauthorized()
      return Response.json({
        id: u.id,
        username: u.username,
        email: u.email,
        emailVerified: u.email_verified_at !== null,
        role: u.role,
        createdAt: u.created_at.toISOString(),
        profile: {
          id: p.id,
          username: p.username,
          displayName: p.display_name,
          bio: p.bio,
          avatar: null,
          banner: null,
          links: p.links,
          isPrivate: p.is_private,
          createdAt: p.created_at.toISOString(),
          counts: { followers: Number(p.followers), following: Number(p.following), posts: Number(p.posts) },
          relationship: null,
          settings: {
            mentionPolicy: p.mention_policy,
            messagePolicy: p.message_policy,
            presenceVisibility: p.presence_visibility,
            birthDate: p.birth_date,
          },
        },
      })
    } catch {
      return unauthorized()
    }
  },
})
process.on('SIGTERM', () => process.exit(0))
