/**
 * Preloaded by bunfig.toml (every `bun` run and `bun test` from the project's folder): a Bun plugin
 * that applies the fixes of postgres-js-fixes.ts to postgres.js as it loads.
 */
import { readFileSync } from 'node:fs'
import { plugin } from 'bun'
import { fixedSource, patchedSourceFolder } from './postgres-js-fixes.ts'

// The package's entry for Bun is src/index.js (its exports name no other file).
const src = patchedSourceFolder(Bun.resolveSync('postgres', import.meta.dir))
plugin({
  name: 'postgres.js fixes',
  setup(build) {
    build.onLoad({ filter: /[\\/]postgres[\\/]src[\\/](index|connection)\.js$/ }, (args) => {
      const source = readFileSync(args.path, 'utf8')
      return { contents: fixedSource(args.path, source, src) ?? source, loader: 'js' }
    })
  },
})
