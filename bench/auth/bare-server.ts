/**
 * The baseline of bench/auth: bare Bun.serve that verifies the same HS256 access token with jose
 * and reads the same row with postgres.js, answering the same JSON as GET /v1/me.
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
      const [u] =
        await sql`select id, username, email, email_verified_at, role, created_at from users where id = ${payload.sub!}`
      if (!u) return unauthorized()
      return Response.json({
        id: u.id,
        username: u.username,
        email: u.email,
        emailVerified: u.email_verified_at !== null,
        role: u.role,
        createdAt: u.created_at.toISOString(),
      })
    } catch {
      return unauthorized()
    }
  },
})
process.on('SIGTERM', () => process.exit(0))
