/**
 * The baseline: bare Bun.serve answering the same bytes as the platform's route (BENCH_BODY, and
 * BENCH_HEADERS: its headers, the request id's value fixed), with nothing around it. Without
 * BENCH_HEADERS it sends the body with its content type alone (the reference bench/http prints
 * beside the aim's baseline).
 */
const body = process.env.BENCH_BODY ?? '{}'
const headers = new Headers(
  JSON.parse(process.env.BENCH_HEADERS ?? '[["content-type","application/json;charset=utf-8"]]') as [
    string,
    string,
  ][],
)
Bun.serve({
  port: Number(process.env.PORT),
  hostname: '127.0.0.1',
  fetch: () => new Response(body, { headers }),
})
process.on('SIGTERM', () => process.exit(0))
