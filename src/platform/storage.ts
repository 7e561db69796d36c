import { mkdir, rm } from 'node:fs/promises'
import { dirname, join, resolve, sep } from 'node:path'

/**
 * Object storage for media bytes; the database keeps metadata only. Keys are made by the code
 * (`media/<id>/<variant>.webp`), never from user input, and are checked to stay inside the root.
 * This is the local default (a directory); the S3 implementation arrives with the video pipeline.
 */
export interface Storage {
  put(key: string, bytes: Uint8Array, contentType: string): Promise<void>
  /** The stored object, or null when there is none. */
  get(key: string): Promise<Blob | null>
  delete(key: string): Promise<void>
}

const KEY = /^[a-z0-9][a-z0-9/_.-]{0,300}$/

export function fileStorage(root: string): Storage {
  const base = resolve(root)
  const path = (key: string) => {
    const full = resolve(join(base, key))
    if (!KEY.test(key) || key.includes('..') || !full.startsWith(base + sep))
      throw new Error(`invalid storage key ${key}`)
    return full
  }
  return {
    async put(key, bytes) {
      const file = path(key)
      await mkdir(dirname(file), { recursive: true })
      await Bun.write(file, bytes)
    },
    async get(key) {
      const file = Bun.file(path(key))
      return (await file.exists()) ? file : null
    },
    async delete(key) {
      await rm(path(key), { force: true })
    },
  }
}
