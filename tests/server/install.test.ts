import { execFileSync, spawnSync } from 'node:child_process'
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, relative } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { root } from '../harness/cli'
import { ServerProcess } from '../harness/process'

const dirs: string[] = []
afterAll(() => {
  for (const d of dirs) {
    execFileSync('chmod', ['-R', 'u+w', d])
    rmSync(d, { recursive: true, force: true })
  }
})

/** Every file under `dir` with its size and modification time. */
function tree(dir: string, into = new Map<string, string>()): Map<string, string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isSymbolicLink()) continue
    if (entry.isDirectory()) tree(path, into)
    else into.set(path, `${statSync(path).size} ${statSync(path).mtimeMs}`)
  }
  return into
}

/** A node_modules of the production dependencies only, linked from this
 *  checkout's: what `npm install --omit=dev` would put there, without the
 *  minute a fresh build of better-sqlite3 takes. */
function productionModules(into: string): string[] {
  // npm ls exits non-zero over a version it finds odd; the list is what counts.
  const listed = spawnSync('npm', ['ls', '--omit=dev', '--all', '--parseable'], { cwd: root, encoding: 'utf8' }).stdout
  const top = new Set<string>()
  for (const path of listed.split('\n').slice(1)) {
    const rel = relative(join(root, 'node_modules'), path)
    if (!rel || rel.startsWith('..')) continue
    const parts = rel.split('/')
    top.add(parts[0]?.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? ''))
  }
  for (const name of top) {
    mkdirSync(dirname(join(into, 'node_modules', name)), { recursive: true })
    symlinkSync(join(root, 'node_modules', name), join(into, 'node_modules', name))
  }
  return [...top]
}

describe('the npm pack tarball, installed for production', () => {
  it('starts with npm start and runs the command line without build tools, writing nothing in its folder', async () => {
    const work = mkdtempSync(join(tmpdir(), 'rt-pack-'))
    dirs.push(work)
    // Packed from this tree as built (the suite's setup built dist/server).
    const packed = execFileSync('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', work], {
      cwd: root,
      encoding: 'utf8',
    }).trim()
    execFileSync('tar', ['xzf', join(work, packed), '-C', work])
    const app = join(work, 'package')
    const modules = productionModules(app)
    for (const tool of ['tsx', 'esbuild', 'vite', 'typescript']) expect(modules).not.toContain(tool)
    expect(readdirSync(app).sort()).toEqual(expect.arrayContaining(['bin', 'dist', 'package.json', 'server']))
    const before = tree(app)
    // Only JavaScript runs: no TypeScript source ships.
    expect([...before.keys()].filter((f) => f.endsWith('.ts'))).toEqual([])
    execFileSync('chmod', ['-R', 'a-w', app])

    const dataDir = join(work, 'data')
    const server = new ServerProcess(
      { DATA_DIR: dataDir, PORT: '0' },
      { file: 'npm', args: ['start', '--silent'], cwd: app, detached: true },
    )
    try {
      const url = await server.listening()
      const page = await fetch(url)
      expect(page.status).toBe(200)
      expect(await page.text()).toContain('<div id="app"')
      // Exports and imports run in the built worker processes (dist/server/child.js).
      const auth = { authorization: `Bearer ${await server.chairToken()}` }
      const [negotiation] = (await (await fetch(`${url}/api/negotiations`, { headers: auth })).json()) as {
        id: string
      }[]
      const word = await fetch(`${url}/api/negotiations/${negotiation?.id}/export?format=docx`, { headers: auth })
      expect(word.status).toBe(200)
      expect(
        Buffer.from(await word.arrayBuffer())
          .subarray(0, 2)
          .toString(),
      ).toBe('PK')
      const imported = await fetch(`${url}/api/negotiations/${negotiation?.id}/readings/import?filename=r.txt`, {
        method: 'POST',
        headers: auth,
        body: '# I. Scope\n1. One.\n',
      })
      expect(imported.status).toBe(201)
    } finally {
      await server.kill('SIGTERM')
    }

    const cli = execFileSync(
      process.execPath,
      [join(app, 'bin/rolling-text.mjs'), 'diff', join(root, 'tests/fixtures/sample-reading-1.txt'), '-'],
      { input: '# I. Scope\n1. One.\n', encoding: 'utf8' },
    )
    expect(cli).toContain('I.')
    expect(tree(app)).toEqual(before)
    chmodSync(app, 0o755)
  })
})
