import { join } from 'node:path'
import { ffmpeg } from '../../test/copyright/synth.ts'

/**
 * The bench's corpus, made here: melodies of pseudo-random notes synthesised in TypeScript (two
 * voices with harmonics and note envelopes, 22,050 Hz; writing 1,000 × 90 s through ffmpeg's
 * aevalsrc costs ~2 s a track on this machine, this ~30 ms), speech from ffmpeg's flite, noise
 * from anoisesrc, synthetic video from ffmpeg's lavfi sources (test/copyright/synth.ts). The
 * query transformations are ffmpeg filters.
 */

export const RATE = 22050

function mulberry32(seed: number) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** `seconds` of the seed's melody, 16-bit mono PCM at RATE. */
export function synth(seed: number, seconds: number): Int16Array {
  const rnd = mulberry32(seed * 9973 + 17)
  const n = Math.floor(seconds * RATE)
  const out = new Int16Array(n)
  const noteLen = Math.floor(RATE / (2.5 + rnd() * 3))
  const root = 180 + rnd() * 100
  let lead = 0
  let bass = 0
  let fLead = root
  let fBass = root / 2
  for (let i = 0; i < n; i++) {
    const k = i % noteLen
    if (k === 0) {
      fLead = root * 2 ** (Math.floor(rnd() * 24) / 12)
      if ((i / noteLen) % 4 === 0) fBass = (root / 2) * 2 ** (Math.floor(rnd() * 12) / 12)
    }
    const env = Math.min(1, k / 200) * Math.exp((-2.5 * k) / noteLen)
    lead += (2 * Math.PI * fLead) / RATE
    bass += (2 * Math.PI * fBass) / RATE
    const v = env * (0.45 * Math.sin(lead) + 0.15 * Math.sin(2 * lead)) + 0.25 * Math.sin(bass)
    out[i] = Math.round(v * 20000)
  }
  return out
}

export async function writeWav(path: string, pcm: Int16Array): Promise<void> {
  const header = new DataView(new ArrayBuffer(44))
  const bytes = pcm.byteLength
  const put = (o: number, s: string) => {
    for (let i = 0; i < 4; i++) header.setUint8(o + i, s.charCodeAt(i))
  }
  put(0, 'RIFF')
  header.setUint32(4, 36 + bytes, true)
  put(8, 'WAVE')
  put(12, 'fmt ')
  header.setUint32(16, 16, true)
  header.setUint16(20, 1, true)
  header.setUint16(22, 1, true)
  header.setUint32(24, RATE, true)
  header.setUint32(28, RATE * 2, true)
  header.setUint16(32, 2, true)
  header.setUint16(34, 16, true)
  put(36, 'data')
  header.setUint32(40, bytes, true)
  await Bun.write(path, new Blob([header.buffer, new Uint8Array(pcm.buffer, pcm.byteOffset, bytes)]))
}

/** Speech for "mixed under speech": flite reading sentences, looped. */
export async function makeSpeech(dir: string): Promise<string> {
  const path = join(dir, 'speech.wav')
  const text =
    'Good evening and welcome to the programme. Tonight we talk about the weather, the markets and a new bridge across the river. Our guest has travelled a long way to be with us.'
  await ffmpeg(['-f', 'lavfi', '-i', `flite=text='${text}':voice=slt`, '-ar', String(RATE), path])
  return path
}

/** The music (through `filter` first, if any) at half its volume under the looped speech. */
const underSpeech = (input: string, speech: string, filter = '') => [
  '-i',
  input,
  '-stream_loop',
  '-1',
  '-i',
  speech,
  '-filter_complex',
  `[0:a]${filter}volume=0.5[m];[1:a]volume=1.0[s];[m][s]amix=inputs=2:duration=first:normalize=0`,
]

export const AUDIO_TRANSFORMS: Record<string, (input: string, speech: string) => string[]> = {
  plain: (i) => ['-i', i],
  mp3_32k: (i) => ['-i', i, '-c:a', 'libmp3lame', '-b:a', '32k', '-f', 'mp3'],
  volume: (i) => ['-i', i, '-af', 'volume=0.3'],
  eq: (i) => ['-i', i, '-af', 'equalizer=f=1000:t=q:w=1:g=-12,bass=g=10,treble=g=-8'],
  noise: (i) => [
    '-i',
    i,
    '-filter_complex',
    'anoisesrc=a=0.08:c=pink:r=22050[n];[0:a][n]amix=inputs=2:duration=first:normalize=0',
  ],
  under_speech: (i, speech) => underSpeech(i, speech),
  speed_2pct: (i) => ['-i', i, '-af', `asetrate=${RATE}*1.02,aresample=${RATE}`],
  // Played 2% fast, then talked over as under_speech: neither Chromaprint (speech) nor the
  // landmarks (pitch and timing moved) see it as they see the other transformations.
  speed_speech: (i, speech) => underSpeech(i, speech, `asetrate=${RATE}*1.02,aresample=${RATE},`),
}

/** How much faster than the reference a transformation plays the excerpt. */
export const speedOf = (transform: string) => (transform.startsWith('speed_') ? 1.02 : 1)

export const VIDEO_TRANSFORMS: Record<string, string[]> = {
  reencode: ['-c:v', 'libx264', '-preset', 'ultrafast', '-crf', '36'],
  scaled: ['-vf', 'scale=160:120', '-c:v', 'libx264', '-preset', 'ultrafast'],
  crop_10pct: ['-vf', 'crop=iw*0.9:ih*0.9,scale=320:240', '-c:v', 'libx264', '-preset', 'ultrafast'],
  letterbox: ['-vf', 'scale=320:180,pad=320:240:0:30:black', '-c:v', 'libx264', '-preset', 'ultrafast'],
  brighter: ['-vf', 'eq=brightness=0.15:contrast=1.1', '-c:v', 'libx264', '-preset', 'ultrafast'],
  logo: [
    '-vf',
    'drawbox=x=iw-90:y=10:w=80:h=40:color=white@0.8:t=fill,drawbox=x=iw-80:y=18:w=24:h=24:color=red:t=fill',
    '-c:v',
    'libx264',
    '-preset',
    'ultrafast',
  ],
}
