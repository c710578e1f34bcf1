import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

/** The installed package's root: the nearest folder above this module with
 *  rolling-text's package.json. The same answer whether the code runs from
 *  the TypeScript sources or from the bundle in dist/server. */
export const packageRoot: string = (() => {
  let dir = dirname(fileURLToPath(import.meta.url))
  for (;;) {
    const manifest = join(dir, 'package.json')
    if (
      existsSync(manifest) &&
      (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'rolling-text'
    )
      return dir
    const parent = dirname(dir)
    if (parent === dir)
      throw new Error('rolling-text: cannot find the package root (package.json) above the server code')
    dir = parent
  }
})()

/** The version in package.json (`rolling-text --version`). */
export const packageVersion: string = (
  JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as { version: string }
).version
