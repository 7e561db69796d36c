/**
 * Synthetic media for the copyright tests and bench/copyright, made by ffmpeg here (never
 * downloaded): melodies of pseudo-random notes (aevalsrc), noise, and synthetic video (mandelbrot,
 * life, testsrc2, cellauto, drawn shapes), each varied by a seed so that every reference differs.
 */

export async function ffmpeg(args: string[]): Promise<void> {
  const proc = Bun.spawn(['ffmpeg', '-nostdin', '-hide_banner', '-v', 'error', '-y', ...args], {
    stdout: 'ignore',
    stderr: 'pipe',
  })
  const [code, err] = await Promise.all([proc.exited, new Response(proc.stderr).text()])
  if (code !== 0) throw new Error(`ffmpeg ${args.join(' ')}: ${err}`)
}

/** `x - floor(x)` of a hash of the note index: a pseudo-random number in [0, 1) per note. */
function noteRandom(rate: number, salt: number): string {
  const y = `(sin(floor(t*${rate})*12.9898+${salt.toFixed(3)})*43758.5453)`
  return `(${y}-floor(${y}))`
}

/**
 * Two voices of pseudo-random notes (a melody at `rate` notes a second over two octaves and a
 * slower bass), with a little vibrato: no two seeds alike, no repeats within one.
 */
export function melody(seed: number): string {
  const s = seed * 7.31 + 1.7
  const rate = 3 + (seed % 4)
  const lead = `220*pow(2,floor(24*${noteRandom(rate, s)})/12)`
  const bass = `82*pow(2,floor(12*${noteRandom(rate / 4, s + 3.3)})/12)`
  return `aevalsrc='0.35*sin(2*PI*${lead}*t+0.3*sin(6*t))+0.25*sin(2*PI*${bass}*t)+0.1*sin(4*PI*${lead}*t)':s=22050`
}

/** A synthetic video source differing by seed (kind, colours, motion). */
export function picture(seed: number, size = '320x240', rate = 25): string {
  const hue = (seed * 47) % 360
  // Mandelbrot zooms into a point of the main cardioid's edge chosen by the seed (all zooming into
  // the filter's default point, two seeds showed the same pictures: copies, not unrelated videos).
  const angle = (seed * 2.399963) % (2 * Math.PI)
  const k = Math.floor(seed / 5)
  const x = Math.cos(angle) / 2 - Math.cos(2 * angle) / 4
  const y = Math.sin(angle) / 2 - Math.sin(2 * angle) / 4
  const kinds = [
    `mandelbrot=size=${size}:rate=${rate}:start_x=${x.toFixed(6)}:start_y=${y.toFixed(6)}:start_scale=${(0.5 + (seed % 17) * 0.35).toFixed(2)}:end_scale=0.02:end_pts=${200 + (seed % 9) * 50}`,
    `life=size=${size}:rate=${rate}:seed=${seed}:ratio=0.${2 + (seed % 5)}:mold=10:life_color=#${((seed * 2654435761) >>> 8).toString(16).padStart(6, '0').slice(0, 6)}`,
    `cellauto=size=${size}:rate=${rate}:seed=${seed}:rule=${[18, 30, 45, 73, 90, 105, 110, 150][seed % 8]}`,
    `sierpinski=size=${size}:rate=${rate}:seed=${seed}:jump=${50 + (seed % 50)}:type=${seed % 2 ? 'carpet' : 'triangle'}`,
    // Varied by seed / 5 (seed % 5 is always 4 here), and started at a seed's own phase: with one
    // speed and colour count, all turned their gradients alike in time (recoloured copies).
    `gradients=size=${size}:rate=${rate}:seed=${seed}:speed=${(0.01 + (k % 7) * 0.012).toFixed(3)}:n=${3 + (k % 5)}:type=${k % 4},trim=start=${k % 37},setpts=PTS-STARTPTS`,
  ]
  return `${kinds[seed % kinds.length]},hue=h=${hue}:s=${1 + (seed % 3) * 0.3}`
}

/** An mp4 of `seconds` with the seed's picture and melody. */
export async function makeWork(path: string, seed: number, seconds: number, opts: { video?: boolean } = {}) {
  const video = opts.video ?? true
  await ffmpeg([
    ...(video ? ['-f', 'lavfi', '-i', `${picture(seed)},trim=duration=${seconds}`] : []),
    ...['-f', 'lavfi', '-i', `${melody(seed)},atrim=duration=${seconds}`],
    ...(video ? ['-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-g', '50'] : []),
    ...['-c:a', 'aac', '-b:a', '128k', '-t', String(seconds), path],
  ])
}
