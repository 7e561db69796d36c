/**
 * The container of a media file, read from its first bytes (never from the name or the client's
 * Content-Type): the formats ffmpeg decodes that people upload. Null when nothing matches.
 * ffprobe has the last word when the file is processed; this only stops other files early.
 */
export function sniffMediaType(b: Uint8Array): string | null {
  const ascii = (from: number, to: number) => String.fromCharCode(...b.subarray(from, to))
  if (b.length < 12) return null
  if (ascii(4, 8) === 'ftyp') {
    const brand = ascii(8, 12)
    if (brand === 'qt  ') return 'video/quicktime'
    if (brand === 'M4A ' || brand === 'M4B ') return 'audio/mp4'
    return brand.startsWith('3g') ? 'video/3gpp' : 'video/mp4'
  }
  if (b[0] === 0x1a && b[1] === 0x45 && b[2] === 0xdf && b[3] === 0xa3) {
    return ascii(0, Math.min(64, b.length)).includes('webm') ? 'video/webm' : 'video/x-matroska'
  }
  if (ascii(0, 4) === 'RIFF') {
    const form = ascii(8, 12)
    if (form === 'AVI ') return 'video/x-msvideo'
    if (form === 'WAVE') return 'audio/wav'
    return null
  }
  if (ascii(0, 3) === 'FLV') return 'video/x-flv'
  if (ascii(0, 4) === 'OggS') return 'application/ogg'
  if (ascii(0, 4) === 'fLaC') return 'audio/flac'
  if (b[0] === 0x30 && b[1] === 0x26 && b[2] === 0xb2 && b[3] === 0x75) return 'video/x-ms-asf'
  if (b[0] === 0 && b[1] === 0 && b[2] === 1 && b[3] === 0xba) return 'video/mpeg'
  // MPEG transport stream: a sync byte every 188 bytes.
  if (b.length >= 377 && b[0] === 0x47 && b[188] === 0x47 && b[376] === 0x47) return 'video/mp2t'
  if (ascii(0, 3) === 'ID3' || (b[0] === 0xff && ((b[1] ?? 0) & 0xe0) === 0xe0)) return 'audio/mpeg'
  return null
}

/** Bytes needed to sniff every format above. */
export const SNIFF_BYTES = 4096
