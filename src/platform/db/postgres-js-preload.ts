/** Preloaded by bunfig.toml (every `bun` run and `bun test` from the project's folder). */
import { installPostgresJsFixes } from './postgres-js-fixes.ts'

installPostgresJsFixes()
