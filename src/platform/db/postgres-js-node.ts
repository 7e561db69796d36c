/**
 * The fixes of postgres-js-fixes.ts under Node (the gateway with GATEWAY_RUNTIME=node-uws): imported
 * with `--import` after tsx (src/platform/node-runtime.ts), it registers itself as a module hook
 * whose `load` patches postgres.js's source (its ESM build, `src/`, which Node's `import` takes).
 */
import { readFileSync } from 'node:fs'
import { createRequire, register } from 'node:module'
import { fileURLToPath } from 'node:url'
import { isMainThread } from 'node:worker_threads'
import { fixedSource, patchedSourceFolder } from './postgres-js-fixes.ts'

type Loaded = { format?: string; source?: string | ArrayBuffer | Uint8Array; shortCircuit?: boolean }
type NextLoad = (url: string, context: unknown) => Promise<Loaded>

// `require.resolve` gives the CommonJS build (cjs/src/index.js); the ESM one is its sibling.
const cjsEntry = createRequire(import.meta.url).resolve('postgres')
const src = patchedSourceFolder(cjsEntry.replace(/[\\/]cjs[\\/]src[\\/]index\.js$/, '/src/index.js'))

export async function load(url: string, context: unknown, nextLoad: NextLoad): Promise<Loaded> {
  const loaded = await nextLoad(url, context)
  if (!url.startsWith('file:') || !/[\\/]postgres[\\/]src[\\/](index|connection)\.js$/.test(url))
    return loaded
  const path = fileURLToPath(url)
  const source =
    typeof loaded.source === 'string'
      ? loaded.source
      : loaded.source
        ? Buffer.from(loaded.source as Uint8Array).toString('utf8')
        : readFileSync(path, 'utf8')
  const fixed = fixedSource(path, source, src)
  return fixed === undefined ? loaded : { ...loaded, source: fixed }
}

// Loaded with --import, in the main thread: the hooks run in Node's loader thread, from this file.
if (isMainThread) register(import.meta.url)
