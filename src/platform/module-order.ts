import { BootError } from './boot-error.ts'
import type { AnyModule } from './module.ts'

/**
 * The modules of `list` in an order where each comes after the modules it needs (otherwise in the
 * list's own order). A module needed but not in the list, two modules of one name, or modules
 * needing each other in a cycle stop the boot with a message naming them.
 */
export function orderModules<L extends readonly AnyModule[]>(list: L): AnyModule[] {
  const listed = new Map<string, AnyModule>()
  for (const module of list) {
    if (listed.has(module.name)) throw new BootError(`two modules are named '${module.name}'`)
    listed.set(module.name, module)
  }
  const ordered: AnyModule[] = []
  const done = new Set<AnyModule>()
  const visiting: AnyModule[] = []
  const visit = (module: AnyModule) => {
    if (done.has(module)) return
    const at = visiting.indexOf(module)
    if (at >= 0) {
      const cycle = [...visiting.slice(at), module].map((m) => `'${m.name}'`).join(' -> ')
      throw new BootError(`modules need each other in a cycle: ${cycle}`)
    }
    visiting.push(module)
    for (const needed of Object.values(module.needs) as AnyModule[]) {
      if (listed.get(needed.name) !== needed) {
        throw new BootError(
          `module '${module.name}' needs module '${needed.name}', which is not in the module list`,
        )
      }
      visit(needed)
    }
    visiting.pop()
    done.add(module)
    ordered.push(module)
  }
  for (const module of list) visit(module)
  return ordered
}
