import type { Subprocess } from 'bun'

/**
 * ffmpeg pushing a test pattern (with a tone unless `audio` is false) over RTMP in real time, as a
 * streamer's encoder would: H.264 with a keyframe every second, AAC. The caller kills it or lets
 * it run out after `seconds`.
 */
export function pushTestPattern(
  url: string,
  opts: { seconds: number; rate?: number; size?: string; audio?: boolean },
): Subprocess<'ignore', 'ignore', 'pipe'> {
  const { seconds, rate = 30, size = '640x360', audio = true } = opts
  return Bun.spawn(
    [
      ...['ffmpeg', '-nostdin', '-hide_banner', '-loglevel', 'error', '-re'],
      ...['-f', 'lavfi', '-i', `testsrc2=size=${size}:rate=${rate}:duration=${seconds}`],
      ...(audio ? ['-f', 'lavfi', '-i', `sine=duration=${seconds}`] : []),
      ...['-c:v', 'libx264', '-preset', 'ultrafast', '-tune', 'zerolatency', '-pix_fmt', 'yuv420p'],
      ...['-g', String(rate)],
      ...(audio ? ['-c:a', 'aac'] : []),
      ...['-f', 'flv', url],
    ],
    { stdin: 'ignore', stdout: 'ignore', stderr: 'pipe' },
  )
}
