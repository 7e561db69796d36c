/**
 * Which methods a path answers to, from the app's route table: the difference between
 * 404 (no such resource) and 405 (the resource exists, not with that method).
 */
export class MethodMatcher {
  private readonly routes: { pattern: RegExp; method: string }[]

  constructor(routes: readonly { method: string; path: string }[]) {
    this.routes = routes
      .filter((r) => r.method !== 'ALL' && r.method !== 'WS')
      .map((r) => ({ method: r.method, pattern: toPattern(r.path) }))
  }

  allowed(path: string): string[] {
    const methods = new Set(this.routes.filter((r) => r.pattern.test(path)).map((r) => r.method))
    if (methods.has('GET')) methods.add('HEAD')
    return [...methods].sort()
  }
}

function toPattern(path: string): RegExp {
  const source = path
    .split('/')
    .map((segment) => {
      if (segment === '*') return '.*'
      if (segment.startsWith(':')) return segment.endsWith('?') ? '[^/]*' : '[^/]+'
      return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    })
    .join('/')
  return new RegExp(`^${source}/?$`)
}
