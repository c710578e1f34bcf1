import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { build } from 'vite'
import { afterAll, beforeAll, expect } from 'vitest'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'
import { root } from '../harness/cli'
import { startTestServer, type TestServer } from '../harness/server'
import type { ServerOptions } from '../../server/app'
import { createNegotiation, sampleDocument } from '../../server/negotiations/create'
import type { Role } from '../../shared/protocol/roles'

/** Debian's Chromium, which `.ci/run` installs. */
export const chromiumPath = '/usr/bin/chromium'

/** Whether the browser tests can run here. Without Chromium they are skipped
 *  with a loud message on a developer's machine, and fail under CI. */
export function browserAvailable(): boolean {
  if (existsSync(chromiumPath)) return true
  if (process.env.CI)
    throw new Error(`browser tests need ${chromiumPath} (apt-get install chromium); CI must not skip them`)
  console.warn(`\n*** SKIPPING BROWSER TESTS: ${chromiumPath} is not installed (apt-get install chromium) ***\n`)
  return false
}

/** Where screenshots go (gitignored); look at them after a run. */
export const artifacts = join(root, 'test-artifacts')

/** One browser and one server (serving a fresh build of the client) for a
 *  test file, stopped together. */
export interface Stage {
  browser: Browser
  server: TestServer
  /** Uncaught errors from any page; a test file checks it stays empty. */
  pageErrors: string[]
  /** A negotiation of its own for one test, seeded with the sample text. */
  negotiation(): Promise<string>
  /** Opens the invitation URL for a role in a new browser context and waits
   *  until the text is editable (or shown, for readers). `prepare` runs on
   *  the context before the page loads (routes must be set up by then). */
  open(
    negotiation: string,
    role: Role,
    state?: string | null,
    prepare?: (context: BrowserContext) => Promise<void>,
  ): Promise<{ context: BrowserContext; page: Page }>
  stop(): Promise<void>
}

/** Starts a stage; `serverOptions` go to the server (a proxy's base URL, say). */
export async function startStage(serverOptions: Partial<ServerOptions> = {}): Promise<Stage> {
  const clientDir = mkdtempSync(join(tmpdir(), 'rt-client-'))
  await build({
    configFile: join(root, 'vite.config.ts'),
    logLevel: 'error',
    build: { outDir: clientDir, emptyOutDir: true, sourcemap: false },
  })
  const [server, browser] = await Promise.all([
    startTestServer({ ...serverOptions, clientDir }),
    chromium.launch({
      executablePath: chromiumPath,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    }),
  ])
  mkdirSync(artifacts, { recursive: true })
  const pageErrors: string[] = []
  return {
    browser,
    server,
    pageErrors,
    async negotiation() {
      const { title, doc } = sampleDocument()
      return (await createNegotiation(server.storage, title, doc)).id
    },
    async open(negotiation, role, state = null, prepare) {
      // Behind a test proxy the certificate is self-signed.
      const context = await browser.newContext({
        viewport: { width: 1400, height: 900 },
        ignoreHTTPSErrors: server.url.startsWith('https:'),
      })
      await prepare?.(context)
      const page = await context.newPage()
      page.setDefaultTimeout(10_000)
      page.on('pageerror', (error) => pageErrors.push(`${role}: ${error.message}`))
      await page.goto(`${server.url}/#token=${encodeURIComponent(await server.token(role, state, negotiation))}`)
      await page.waitForSelector('.rt-editor-frame[data-ready] .rt-editor')
      return { context, page }
    },
    async stop() {
      await browser.close()
      await server.stop()
      rmSync(clientDir, { recursive: true, force: true })
    },
  }
}

/** The text of a clause as shown, by its key (`II.2`), brackets included. */
/** One browser and one server for a test file: started before its tests,
 *  stopped after them, with a check that no page threw. `set` receives the
 *  stage once it is up. */
export function useStage(set: (stage: Stage) => void): void {
  let stage: Stage | undefined
  beforeAll(async () => {
    stage = await startStage()
    set(stage)
  }, 60_000)
  afterAll(async () => {
    await stage?.stop()
    expect(stage?.pageErrors ?? []).toEqual([])
  })
}

export function clauseText(page: Page, key: string): Promise<string> {
  return page.locator(`.rt-clause[data-key="${key}"]`).evaluate((el) => {
    const walk = (node: Node): string => {
      if (node.nodeType === Node.TEXT_NODE) return node.textContent ?? ''
      const element = node as HTMLElement
      if (element.classList.contains('ProseMirror-yjs-cursor')) return ''
      const inner = [...node.childNodes].map(walk).join('')
      return element.classList.contains('rt-option-text') ? `[${inner}]` : inner
    }
    return walk(el)
  })
}

/** Where `text` starts and ends on screen in a clause (scrolled into view). */
function textBox(
  page: Page,
  key: string,
  text: string,
): Promise<{ start: { x: number; y: number }; end: { x: number; y: number } }> {
  return page.locator(`.rt-clause[data-key="${key}"]`).evaluate((el, wanted) => {
    el.scrollIntoView({ block: 'center' })
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT)
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const at = (node.textContent ?? '').indexOf(wanted)
      if (at < 0) continue
      const textNode = node
      const point = (offset: number) => {
        const range = document.createRange()
        range.setStart(textNode, offset)
        range.collapse(true)
        const rect = range.getClientRects()[0] ?? range.getBoundingClientRect()
        return { x: rect.left, y: rect.top + rect.height / 2 }
      }
      return { start: point(at), end: point(at + wanted.length) }
    }
    throw new Error(`no "${wanted}" in the clause`)
  }, text)
}

/** Waits until the editor has taken in a selection in clause `key`: the
 *  side panel follows the editor's selection, so it names the clause then. */
function selectionTaken(page: Page, key: string, timeout?: number): Promise<void> {
  const escaped = key.replace(/[.()]/g, '\\$&')
  return page
    .locator('.rt-clause-panel h2.rt-pane-title')
    .filter({ hasText: new RegExp(`^${escaped}(ad ref\\.)?$`) })
    .waitFor(timeout === undefined ? {} : { timeout })
}

/** Puts the cursor right after `text` in a clause with a click, as a user
 *  would; and, as a user would, clicks again where the text now stands if
 *  the page moved under the first click (a loaded machine lays out late). */
export async function placeCursorAfter(page: Page, key: string, text: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const { end } = await textBox(page, key, text)
    await page.mouse.click(end.x, end.y)
    try {
      return await selectionTaken(page, key, attempt < 3 ? 3000 : undefined)
    } catch (e) {
      if (attempt >= 3) throw e
    }
  }
}

/** Selects from the start of one clause's text to the start of another's,
 *  as a drag from the first number to the next would. */
export async function selectFromStartToStart(page: Page, fromKey: string, toKey: string): Promise<void> {
  await page.evaluate(
    ([from, to]) => {
      const firstText = (key: string) => {
        const el = document.querySelector(`.rt-clause[data-key="${key}"]`)
        if (!el) throw new Error(`no clause ${key}`)
        const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT)
        const node = walker.nextNode()
        if (!node) throw new Error(`no text in ${key}`)
        return node
      }
      const range = document.createRange()
      range.setStart(firstText(from), 0)
      range.setEnd(firstText(to), 0)
      getSelection()?.removeAllRanges()
      getSelection()?.addRange(range)
    },
    [fromKey, toKey],
  )
  await page.locator('.rt-clause-panel h2.rt-pane-title', { hasText: fromKey }).waitFor()
}

/** Selects `text` in a clause by dragging over it. */
export async function selectText(page: Page, key: string, text: string): Promise<void> {
  const { start, end } = await textBox(page, key, text)
  await page.mouse.move(start.x + 1, start.y)
  await page.mouse.down()
  await page.mouse.move(end.x - 1, end.y, { steps: 4 })
  await page.mouse.up()
  await selectionTaken(page, key)
}

/** Types through an input method, as Chinese is typed: the composition
 *  grows through `steps` (pinyin, then candidates) and `commit` is inserted. */
export async function typeWithIme(page: Page, steps: string[], commit: string): Promise<void> {
  const cdp = await page.context().newCDPSession(page)
  for (const text of steps)
    await cdp.send('Input.imeSetComposition', { text, selectionStart: text.length, selectionEnd: text.length })
  await cdp.send('Input.insertText', { text: commit })
  await cdp.detach()
}

/** `expect.poll` with room for a busy machine: a condition is re-checked
 *  until it holds, for up to 10 s (vitest's default of 1 s is too tight when
 *  two browsers, a server and other test files share two cores). */
/** Resolves once every change this page has made to its local copy of a
 *  negotiation's text is committed to IndexedDB: read-write transactions on
 *  one store run in the order they were created, so an empty one created now
 *  completes only after y-indexeddb's writes of the updates made so far. */
export function locallyStored(page: Page, negotiation: string): Promise<void> {
  return page.evaluate(
    (name) =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open(name)
        open.onerror = () => reject(open.error)
        open.onsuccess = () => {
          const transaction = open.result.transaction('updates', 'readwrite')
          transaction.oncomplete = () => {
            open.result.close()
            resolve()
          }
          transaction.onerror = () => reject(transaction.error)
        }
      }),
    `rolling-text:${negotiation}`,
  )
}

export const eventually = <T>(check: () => T | Promise<T>) => expect.poll(check, { timeout: 10_000 })

/** Saves a screenshot of the page under test-artifacts/. */
export function screenshot(page: Page, name: string): Promise<Buffer> {
  return page.screenshot({ path: join(artifacts, `${name}.png`) })
}
