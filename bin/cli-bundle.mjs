// Bundles the command line's TypeScript sources with esbuild into
// dist/cli/BUILD/, and says whether that build is older than any source.
// Packages stay external (Node loads them from node_modules), and the bundle
// is split, so a module that commands import on demand (Word files, say)
// loads only when a command needs it.
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const sources = ['shared', 'server'].map((dir) => join(root, dir))
const distDir = join(root, 'dist', 'cli')
const pointer = join(distDir, 'current.json')
/** Builds this much older than the current one are removed. */
const keepOldBuilds = 10 * 60 * 1000

function newestSource(dir) {
  let newest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path))
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(path).mtimeMs)
  }
  return newest
}

/** The entry of the current build, or null when there is none or a source
 *  file is newer than the sources it was built from. */
export function freshBundle() {
  let current
  try {
    current = JSON.parse(readFileSync(pointer, 'utf8'))
  } catch {
    return null
  }
  const newest = Math.max(...sources.map(newestSource))
  return newest <= current.sourcesAt && existsSync(current.entry) ? current.entry : null
}

/** Builds the bundle into a directory of its own and then points
 *  current.json at it (a rename), so commands started meanwhile keep
 *  reading a whole build. Returns the entry file. */
export async function buildBundle() {
  const { build } = await import('esbuild')
  const sourcesAt = Math.max(...sources.map(newestSource))
  const outdir = join(distDir, `${Date.now()}-${process.pid}`)
  await build({
    entryPoints: { main: join(root, 'server', 'cli', 'main.ts') },
    bundle: true,
    splitting: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    outdir,
    logLevel: 'warning',
  })
  const entry = join(outdir, 'main.js')
  mkdirSync(distDir, { recursive: true })
  writeFileSync(`${pointer}.${process.pid}`, JSON.stringify({ entry, sourcesAt }))
  renameSync(`${pointer}.${process.pid}`, pointer)
  for (const old of readdirSync(distDir, { withFileTypes: true })) {
    const path = join(distDir, old.name)
    if (old.isDirectory() && path !== outdir && Date.now() - statSync(path).mtimeMs > keepOldBuilds)
      rmSync(path, { recursive: true, force: true })
  }
  return entry
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildBundle()
