#!/usr/bin/env node
// `npm run build` (and `npm install`, through `prepare`): builds everything
// the app runs, once, so that starting it compiles nothing.
//
//   dist/client/  the browser client (vite), each asset also gzip- and
//                 brotli-compressed beside it for the static server
//   dist/server/  the server, the command line and the worker processes as
//                 JavaScript (esbuild; packages stay in node_modules)
//
// `--server` builds only dist/server (the test suite does that before it
// runs). On a production install (`npm ci --omit=dev`) the build tools are
// absent: a tree that was built already is left as it is, and one that was
// not is refused with what to do.
import { existsSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { brotliCompressSync, constants, gzipSync } from 'node:zlib'
import { readFileSync } from 'node:fs'

const root = fileURLToPath(new URL('..', import.meta.url))
const serverOut = join(root, 'dist', 'server')
const clientOut = join(root, 'dist', 'client')
const onlyServer = process.argv.includes('--server')

/** The server-side entry points, by output name. */
const entries = {
  server: 'server/main.ts',
  cli: 'server/cli/main.ts',
  // The entry of the worker processes that render and import
  // (server/workers/pool.ts finds it beside itself).
  child: 'server/workers/child.ts',
}

const installed = (name) => {
  try {
    createRequire(join(root, 'package.json')).resolve(name)
    return true
  } catch {
    return false
  }
}

async function buildServer() {
  const { build } = await import('esbuild')
  rmSync(serverOut, { recursive: true, force: true })
  await build({
    entryPoints: Object.fromEntries(Object.entries(entries).map(([name, file]) => [name, join(root, file)])),
    bundle: true,
    // Shared code is split into chunks, so a command loads the Word writer
    // only when it needs it. Chunks sit beside the entries: code that finds
    // a worker file next to itself finds it whichever file it ends up in.
    splitting: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    packages: 'external',
    outdir: serverOut,
    sourcemap: 'linked',
    logLevel: 'warning',
  })
  writeFileSync(join(serverOut, 'package.json'), '{ "type": "module" }\n')
}

/** Writes NAME.gz and NAME.br beside each compressible asset; the static
 *  server sends whichever the browser accepts, with no work per request. */
function precompress(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const file = join(dir, entry.name)
    if (entry.isDirectory()) precompress(file)
    else if (/\.(js|css|html|svg|json|txt|webmanifest)$/.test(entry.name) && statSync(file).size > 1024) {
      const bytes = readFileSync(file)
      writeFileSync(`${file}.gz`, gzipSync(bytes, { level: 9 }))
      writeFileSync(`${file}.br`, brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }))
    }
  }
}

async function buildClient() {
  const { build } = await import('vite')
  await build({ configFile: join(root, 'vite.config.ts'), logLevel: 'warn' })
  precompress(clientOut)
}

const built = existsSync(join(serverOut, 'server.js')) && (onlyServer || existsSync(join(clientOut, 'index.html')))
if (!installed('esbuild') || (!onlyServer && !installed('vite'))) {
  if (built) process.exit(0)
  console.error(
    'rolling-text: this tree is not built and the build tools are not installed: run `npm install` (with dev dependencies), then `npm run build`',
  )
  process.exit(1)
}
await buildServer()
if (!onlyServer && existsSync(join(root, 'client', 'index.html'))) await buildClient()
