import { describe, expect, it } from 'vitest'
import type { BrowserContext, Page } from 'playwright-core'
import { browserAvailable, eventually, clauseText, placeCursorAfter, screenshot, useStage, type Stage } from './browser'

/** Browser tests of working together: co-editing, presence, read-only roles,
 *  offline edits. One browser and one server for the file. */
describe.runIf(browserAvailable())('collaboration in the browser', () => {
  let stage: Stage
  useStage((started) => {
    stage = started
  })

  const textOf = (page: Page, key: string) => () => clauseText(page, key)

  it("two users co-edit one clause, converge, see each other's caret, and undo only their own typing", async () => {
    const negotiation = await stage.negotiation()
    const chair = await stage.open(negotiation, 'chair')
    const editor = await stage.open(negotiation, 'editor')
    await placeCursorAfter(chair.page, 'I.3', 'The characterization')
    await chair.page.keyboard.type(' as such')
    await placeCursorAfter(editor.page, 'I.3', 'does not prejudge any outcome')
    await editor.page.keyboard.type(' of the negotiations')

    const expected = /^The characterization as such is .* does not prejudge any outcome of the negotiations\.$/
    await eventually(textOf(chair.page, 'I.3')).toMatch(expected)
    await eventually(textOf(editor.page, 'I.3')).toMatch(expected)
    expect(await clauseText(chair.page, 'I.3')).toBe(await clauseText(editor.page, 'I.3'))

    const caret = editor.page.locator('.ProseMirror-yjs-cursor', { hasText: 'Chair' })
    await caret.waitFor()
    await eventually(() => editor.page.locator('.rt-presence li').count()).toBe(2)
    await screenshot(editor.page, 'editor-coediting')

    // Undo takes back only the chair's own typing, not the editor's.
    await chair.page.keyboard.press('Control+z')
    const undone = /^The characterization is .* does not prejudge any outcome of the negotiations\.$/
    await eventually(textOf(chair.page, 'I.3')).toMatch(undone)
    await eventually(textOf(editor.page, 'I.3')).toMatch(undone)
    await chair.context.close()
    await editor.context.close()
  })

  it("a clause is not moved while a colleague's caret is in it, and is once they leave", async () => {
    const negotiation = await stage.negotiation()
    const chair = await stage.open(negotiation, 'chair')
    const editor = await stage.open(negotiation, 'editor')
    const caretIn = (key: string) =>
      chair.page.locator(`.rt-clause[data-key="${key}"] .ProseMirror-yjs-cursor`, { hasText: 'Editor' })
    await placeCursorAfter(editor.page, 'I.2', 'navigation')
    await caretIn('I.2').waitFor()
    await placeCursorAfter(chair.page, 'I.3', 'The characterization')
    await chair.page.keyboard.press('Alt+ArrowUp')
    await chair.page.locator('.rt-notice', { hasText: /^Not moved: Editor/ }).waitFor()
    await screenshot(chair.page, 'move-refused')
    expect(await clauseText(chair.page, 'I.3')).toMatch(/^The characterization/)

    await placeCursorAfter(editor.page, 'I.1', 'For the purposes')
    await caretIn('I.1').waitFor()
    await placeCursorAfter(chair.page, 'I.3', 'The characterization')
    await chair.page.keyboard.press('Alt+ArrowUp')
    await eventually(textOf(chair.page, 'I.2')).toMatch(/^The characterization/)
    await eventually(textOf(editor.page, 'I.2')).toMatch(/^The characterization/)
    await chair.context.close()
    await editor.context.close()
  })

  it('an observer cannot change the text', async () => {
    const negotiation = await stage.negotiation()
    const chair = await stage.open(negotiation, 'chair')
    const observer = await stage.open(negotiation, 'observer')
    const before = await clauseText(observer.page, 'I.2')
    expect(await observer.page.locator('.rt-editor').getAttribute('contenteditable')).toBe('false')
    await observer.page.locator('.rt-clause[data-key="I.2"]').click()
    await observer.page.keyboard.type('vandalism')
    await observer.page.keyboard.press('Enter')
    await observer.page.keyboard.press('Control+BracketLeft')

    // A later edit by the chair arrives, and the observer's keys left no trace anywhere.
    await placeCursorAfter(chair.page, 'I.1', 'For the purposes of this text')
    await chair.page.keyboard.type(' only')
    await eventually(textOf(observer.page, 'I.1')).toContain('this text only')
    expect(await clauseText(observer.page, 'I.2')).toBe(before)
    expect(await clauseText(chair.page, 'I.2')).toBe(before)
    await observer.page.locator('.rt-read-only').waitFor()
    await screenshot(observer.page, 'observer-read-only')
    await chair.context.close()
    await observer.context.close()
  })

  it("R3: a reader's page opens no tab-to-tab channel for the text; a writer's does", async () => {
    const negotiation = await stage.negotiation()
    // Records every BroadcastChannel a page opens, before the app's scripts run.
    const recordChannels = async (context: BrowserContext) => {
      await context.addInitScript(() => {
        const opened: string[] = []
        Object.assign(window, { openedChannels: opened })
        const Native = window.BroadcastChannel
        window.BroadcastChannel = class extends Native {
          constructor(name: string) {
            super(name)
            opened.push(name)
          }
        }
      })
    }
    const textChannels = (page: Page) =>
      page.evaluate(
        (id) => (window as unknown as { openedChannels: string[] }).openedChannels.filter((n) => n.endsWith(`/${id}`)),
        negotiation,
      )
    const writer = await stage.open(negotiation, 'editor', null, recordChannels)
    expect(await textChannels(writer.page)).toHaveLength(1)
    for (const [role, state] of [
      ['delegation', 'Chile'],
      ['observer', null],
    ] as const) {
      const reader = await stage.open(negotiation, role, state, recordChannels)
      expect(await textChannels(reader.page)).toEqual([])
      await reader.context.close()
    }
    await writer.context.close()
  })

  it('edits made offline survive a reload and merge when the connection returns', async () => {
    const negotiation = await stage.negotiation()
    const online = await stage.open(negotiation, 'chair')
    // The sync socket passes through, or is refused while `syncBlocked`.
    let syncBlocked = false
    const offline = await stage.open(negotiation, 'editor', null, (context) =>
      context.routeWebSocket(/\/sync\//, (socket) => {
        if (syncBlocked) socket.close({ code: 1013, reason: 'test: offline' })
        else socket.connectToServer()
      }),
    )

    syncBlocked = true
    await offline.context.setOffline(true)
    await offline.page.locator('.rt-connection[data-state="offline"]').waitFor()
    await placeCursorAfter(offline.page, 'III.1', 'Autonomous weapons systems')
    await offline.page.keyboard.type(' written offline')
    await placeCursorAfter(online.page, 'I.2', 'Systems whose autonomy')
    await online.page.keyboard.type(' written online')
    await eventually(() => storedUpdates(offline.page, negotiation)).toBeGreaterThan(1)
    await screenshot(offline.page, 'offline-status')

    // Back on the network but the sync socket still refused: the reload
    // shows the offline edit from this browser's copy.
    await offline.context.setOffline(false)
    await offline.page.reload()
    await offline.page.waitForSelector('.rt-editor-frame[data-ready] .rt-editor')
    expect(await clauseText(offline.page, 'III.1')).toContain('written offline')
    expect(await clauseText(online.page, 'III.1')).not.toContain('written offline')

    syncBlocked = false
    await offline.page.locator('.rt-connection[data-state="connected"]').waitFor({ timeout: 15_000 })
    for (const page of [online.page, offline.page]) {
      await eventually(textOf(page, 'III.1')).toContain('written offline')
      await eventually(textOf(page, 'I.2')).toContain('written online')
    }
    await online.context.close()
    await offline.context.close()
  })

  it('the chair invites a delegation; the link opens the text as that delegation, until the chair revokes it', async () => {
    const negotiation = await stage.negotiation()
    const chair = await stage.open(negotiation, 'chair')
    await chair.page.getByText('Invite', { exact: true }).click()
    const form = chair.page.getByRole('form', { name: 'Invite someone' })
    await form.getByRole('combobox', { name: 'Role' }).selectOption('delegation')
    await form.getByRole('combobox', { name: 'State (for a delegation)' }).fill('Chile')
    await form.getByRole('button', { name: 'Create link' }).click()
    const link = form.getByRole('textbox', { name: 'Invitation link' })
    await eventually(() => link.inputValue()).toMatch(/#token=/)

    const context = await stage.browser.newContext()
    const page = await context.newPage()
    await page.goto(await link.inputValue())
    await page.waitForSelector('.rt-editor-frame[data-ready] .rt-editor')
    await page.getByRole('form', { name: 'Position of Chile' }).waitFor()
    await chair.page.locator('.rt-presence li', { hasText: 'Chile' }).waitFor()

    const issued = chair.page.getByRole('list', { name: 'Invitations issued' })
    chair.page.once('dialog', (dialog) => void dialog.accept())
    await issued.getByRole('button', { name: 'Revoke the link of Delegation of Chile' }).click()
    await issued.locator('.rt-invitation[data-revoked=true]', { hasText: 'Delegation of Chile' }).waitFor()
    // The chair's own link cannot be revoked from here.
    expect(await issued.locator('.rt-invitation', { hasText: 'your link' }).count()).toBe(1)
    await page.locator('.rt-connection[data-state=refused]', { hasText: 'Disconnected' }).waitFor()
    await screenshot(chair.page, 'invitation-revoked')
    await context.close()
    await chair.context.close()
  })

  it("a link with a bad token says so, with the server's reason", async () => {
    const context = await stage.browser.newContext()
    const page = await context.newPage()
    await page.goto(`${stage.server.url}/#token=not-a-token`)
    const alert = page.getByRole('alert')
    await alert.waitFor()
    expect(await alert.textContent()).not.toBe('')
    expect(page.url()).not.toContain('not-a-token')
    await screenshot(page, 'bad-token')
    await context.close()
  })
})

/** How many updates this browser's copy of the text holds in IndexedDB. */
function storedUpdates(page: Page, negotiation: string): Promise<number> {
  return page.evaluate(
    (name) =>
      new Promise<number>((resolve, reject) => {
        const open = indexedDB.open(name)
        open.onerror = () => reject(open.error)
        open.onsuccess = () => {
          const count = open.result.transaction('updates').objectStore('updates').count()
          count.onsuccess = () => {
            resolve(count.result)
            open.result.close()
          }
        }
      }),
    `rolling-text:${negotiation}`,
  )
}
