import { describe, expect, test } from 'bun:test'
import { readFileSync } from 'node:fs'
import { ConfigError, loadConfig, SETTINGS } from '../../src/platform/config.ts'

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env)
  } catch (error) {
    if (error instanceof ConfigError) return [...error.problems]
    throw error
  }
  return []
}

describe('configuration', () => {
  test('defaults start all three roles on port 3000 against local services', () => {
    const { config, secrets } = loadConfig({})
    expect([...config.roles]).toEqual(['api', 'gateway', 'worker'])
    expect(config.http.port).toBe(3000)
    expect(config.database).toMatchObject({ host: '127.0.0.1', port: 5432, name: 'socialflow' })
    expect(config.nats.servers).toEqual(['nats://127.0.0.1:4222'])
    expect(secrets.databaseUrl).toBe('postgres://postgres@127.0.0.1:5432/socialflow')
  })

  test('PUBLIC_URL follows PORT unless it is set', () => {
    expect(loadConfig({}).config.publicUrl).toBe('http://localhost:3000')
    expect(loadConfig({ PORT: '8080' }).config.publicUrl).toBe('http://localhost:8080')
    expect(loadConfig({ PORT: '8080', PUBLIC_URL: 'https://api.example/' }).config.publicUrl).toBe(
      'https://api.example',
    )
  })

  test('roles are chosen by ROLES', () => {
    expect([...loadConfig({ ROLES: 'api, gateway' }).config.roles]).toEqual(['api', 'gateway'])
    expect([...loadConfig({ ROLES: 'worker' }).config.roles]).toEqual(['worker'])
  })

  test('each wrong value is refused, naming its variable', () => {
    const problems = problemsOf({
      PORT: 'eighty',
      ROLES: 'api,cache',
      DATABASE_URL: 'mysql://x/y',
      NATS_URL: 'localhost:4222',
      LOG_LEVEL: 'loud',
      DATABASE_CREATE: 'maybe',
      NATS_PREFIX: 'Has Spaces',
    })
    for (const name of [
      'PORT',
      'ROLES',
      'DATABASE_URL',
      'NATS_URL',
      'LOG_LEVEL',
      'DATABASE_CREATE',
      'NATS_PREFIX',
    ]) {
      expect(problems.some((p) => p.startsWith(`${name}:`))).toBe(true)
    }
  })

  test('contradictions are refused, naming both variables', () => {
    expect(problemsOf({ NATS_USER: 'me' })).toEqual(['NATS_USER and NATS_PASSWORD: set both or neither'])
    expect(problemsOf({ CORS_ORIGINS: '*', CORS_ALLOW_CREDENTIALS: 'true' })[0]).toContain(
      'CORS_ALLOW_CREDENTIALS',
    )
    expect(problemsOf({ DRAIN_DELAY_MS: '5000', SHUTDOWN_TIMEOUT_MS: '1000' })[0]).toContain(
      'SHUTDOWN_TIMEOUT_MS',
    )
    expect(problemsOf({ NATS_TOKEN: 't', NATS_USER: 'u', NATS_PASSWORD: 'p' })[0]).toContain('NATS_TOKEN')
  })

  test('a gateway may not be allowed more connections than the process has descriptors', () => {
    const problems = problemsOf({ GATEWAY_MAX_CONNECTIONS: '19900' })
    expect(problems[0]).toStartWith('GATEWAY_MAX_CONNECTIONS:')
    expect(problemsOf({ GATEWAY_MAX_CONNECTIONS: '19900', ROLES: 'api' })).toEqual([])
  })

  test('secrets stay out of the config', () => {
    const { config, secrets } = loadConfig({
      DATABASE_URL: 'postgres://app:s3cret@db.internal:6432/sf',
      NATS_USER: 'u',
      NATS_PASSWORD: 'natspass',
    })
    const printed = JSON.stringify({ ...config, roles: [...config.roles] })
    expect(printed).not.toContain('s3cret')
    expect(printed).not.toContain('natspass')
    expect(config.database.displayUrl).toBe('postgres://app:***@db.internal:6432/sf')
    expect(secrets.databaseUrl).toContain('s3cret')
    expect(secrets.nats.pass).toBe('natspass')
  })

  test('the README lists every setting with its default', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8')
    for (const s of SETTINGS) {
      const row = readme.split('\n').find((line) => line.startsWith(`| \`${s.name}\``))
      expect(row, `README row for ${s.name}`).toBeDefined()
      if (s.default) expect(row).toContain(s.default)
    }
  })
})
