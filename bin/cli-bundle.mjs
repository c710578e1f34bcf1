// Bundles the command line's TypeScript sources into dist/cli.mjs with
// esbuild, and tells whether the bundle is older than any source. Packages
// stay external: Node loads them from node_modules as usual.
import { mkdirSync, readdirSync, renameSync, statSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const sources = ['shared', 'server'].map((dir) => join(root, dir))

/** The bundle the `rolling-text` command runs. */
export const bundlePath = join(root, 'dist', 'cli.mjs')

function newestSource(dir) {
  let newest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path))
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(path).mtimeMs)
  }
  return newest
}

/** Whether the bundle is missing or older than a source file. */
export function isStale() {
  let built
  try {
    built = statSync(bundlePath).mtimeMs
  } catch {
    return true
  }
  return sources.some((dir) => newestSource(dir) > built)
}

/** Builds the bundle; writes a temporary file and renames it, so that
 *  commands started at the same moment never read half a bundle. */
export async function buildBundle() {
  const { build } = await import('esbuild')
  const temporary = `${bundlePath}.${process.pid}.tmp`
  mkdirSync(dirname(bundlePath), { recursive: true })
  await build({
    entryPoints: [join(root, 'server', 'cli', 'main.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    outfile: temporary,
    logLevel: 'warning',
  })
  renameSync(temporary, bundlePath)
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildBundle()
