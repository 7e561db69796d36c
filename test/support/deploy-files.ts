import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'yaml'

/**
 * The deployment files read as Docker, Compose and nginx read them, for tests that check them
 * without a Docker engine: the Dockerfile's instructions, compose.yaml as data (merge keys
 * resolved), nginx.conf as a tree of directives.
 */

export const ROOT = new URL('../..', import.meta.url).pathname

export interface Instruction {
  /** The instruction, upper-case (FROM, RUN, COPY, ...). */
  op: string
  /** The rest of the line, continuation lines joined. */
  args: string
}

/** The instructions of each stage of the Dockerfile, in order (parser directives and comments dropped). */
export function dockerfileStages(path = join(ROOT, 'Dockerfile')): Instruction[][] {
  const logical: string[] = []
  let pending = ''
  for (const raw of readFileSync(path, 'utf8').split('\n')) {
    const line = raw.trim()
    if (line.startsWith('#') || (line === '' && pending === '')) continue
    if (line.endsWith('\\')) {
      pending += `${line.slice(0, -1)} `
      continue
    }
    logical.push(pending + line)
    pending = ''
  }
  const stages: Instruction[][] = []
  for (const line of logical) {
    const [, op = '', args = ''] = /^(\S+)\s*(.*)$/.exec(line) ?? []
    const instruction = { op: op.toUpperCase(), args: args.replace(/\s+/g, ' ').trim() }
    if (instruction.op === 'FROM') stages.push([])
    stages.at(-1)?.push(instruction)
  }
  return stages
}

/** The JSON (exec) form of CMD, ENTRYPOINT or HEALTHCHECK's CMD; a shell form is an error. */
export function execForm(args: string): string[] {
  const json = args.startsWith('CMD ') ? args.slice(4) : args
  const parsed = JSON.parse(json)
  if (!Array.isArray(parsed)) throw new Error(`not an exec form: ${args}`)
  return parsed
}

// biome-ignore lint/suspicious/noExplicitAny: compose.yaml is free-form data the tests walk
export type Compose = any

export function composeFile(path = join(ROOT, 'deploy/compose.yaml')): Compose {
  return parse(readFileSync(path, 'utf8'), { merge: true })
}

export interface NginxDirective {
  name: string
  args: string[]
  block?: NginxDirective[]
}

/** nginx.conf as directives and blocks (quotes kept off, comments dropped). */
export function nginxConf(path = join(ROOT, 'deploy/nginx.conf')): NginxDirective[] {
  const text = readFileSync(path, 'utf8').replace(/#[^\n]*/g, '')
  const tokens = text.match(/'[^']*'|"[^"]*"|[{};]|[^\s{};]+/g) ?? []
  let at = 0
  const block = (): NginxDirective[] => {
    const out: NginxDirective[] = []
    let words: string[] = []
    while (at < tokens.length) {
      const token = tokens[at++] as string
      if (token === '}') break
      if (token === ';' || token === '{') {
        const [name = '', ...args] = words
        out.push(token === '{' ? { name, args, block: block() } : { name, args })
        words = []
      } else {
        words.push(token.replace(/^(['"])(.*)\1$/, '$2'))
      }
    }
    return out
  }
  return block()
}

/** The directives named `name` directly inside `block`. */
export function directives(block: NginxDirective[], name: string): NginxDirective[] {
  return block.filter((d) => d.name === name)
}

/** nginx's size syntax (`16m`, `1g`, `0`) in bytes. */
export function nginxBytes(size: string): number {
  const match = /^(\d+)([kmg]?)$/i.exec(size)
  if (!match) throw new Error(`not an nginx size: ${size}`)
  const unit = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[(match[2] ?? '').toLowerCase()] ?? 1
  return Number(match[1]) * unit
}
