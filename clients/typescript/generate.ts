import openapiTS, { astToString } from 'openapi-typescript'

/**
 * The TypeScript types of the API (`schema.d.ts`, for openapi-fetch), from the OpenAPI document a
 * node serves at /docs/json. `npm run client:types` writes them from a running node (API_URL,
 * http://localhost:3000 by default); test/clients/typescript.test.ts makes them from a test node
 * and fails when the committed file differs, so the types follow every change of the API.
 */
export async function clientTypes(document: unknown): Promise<string> {
  const ast = await openapiTS(document as Parameters<typeof openapiTS>[0], { alphabetize: true })
  return `${HEADER}${astToString(ast)}`
}

const HEADER = '// Generated from /docs/json by `npm run client:types` (openapi-typescript): do not edit.\n\n'

export const SCHEMA_FILE = new URL('./schema.d.ts', import.meta.url).pathname

if (import.meta.main) {
  const base = process.env.API_URL ?? 'http://localhost:3000'
  const response = await fetch(`${base}/docs/json`)
  if (!response.ok) throw new Error(`GET ${base}/docs/json answered ${response.status}`)
  await Bun.write(SCHEMA_FILE, await clientTypes(await response.json()))
  console.log(`wrote ${SCHEMA_FILE} from ${base}/docs/json`)
}
