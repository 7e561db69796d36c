/** The baseline: bare Bun.serve answering the same bytes, with nothing around it. */
const body = process.env.BENCH_BODY ?? '{}'
Bun.serve({
  port: Number(process.env.PORT),
  hostname: '127.0.0.1',
  fetch: () => new Response(body, { headers: { 'content-type': 'application/json;charset=utf-8' } }),
})
process.on('SIGTERM', () => process.exit(0))
