import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import {
  browserAvailable,
  clauseText,
  eventually,
  locallyStored,
  placeCursorAfter,
  screenshot,
  useStage,
  type Stage,
  selectFromStartToStart,
} from './browser'

/** Browser tests of the negotiation workflow around the text (issue #12,
 *  points 4, 5, 6, 8, 10, 11): agreed text, kept numbers, the comparison's
 *  defaults, printing, offline loss, the keyboard. */
describe.runIf(browserAvailable())('the workflow around the text in the browser', () => {
  let stage: Stage
  useStage((started) => {
    stage = started
  })

  const textOf = (page: Page, key: string) => () => clauseText(page, key)
  const status = (page: Page, key: string) => page.locator(`.rt-clause[data-key="${key}"]`).getAttribute('data-status')

  it('4. editing agreed text asks the chair, removes the mark; an editor is refused', async () => {
    const negotiation = await stage.negotiation()
    const chair = await stage.open(negotiation, 'chair')
    const editor = await stage.open(negotiation, 'editor')
    await placeCursorAfter(chair.page, 'I.2', 'navigation')
    await chair.page.keyboard.press('Control+Alt+a')
    await eventually(() => status(editor.page, 'I.2')).toBe('adref')

    await placeCursorAfter(editor.page, 'I.2', 'navigation')
    await editor.page.keyboard.type(' X')
    await editor.page.locator('.rt-notice', { hasText: /only the chair may change it/ }).waitFor()
    expect(await clauseText(editor.page, 'I.2')).not.toContain('navigation X')

    await placeCursorAfter(chair.page, 'I.2', 'navigation')
    await chair.page.keyboard.type('!')
    const dialog = chair.page.locator('dialog.rt-confirm')
    await dialog.waitFor()
    await screenshot(chair.page, 'adref-confirm')
    await dialog.getByRole('button', { name: 'Change and remove the mark' }).click()
    await eventually(textOf(editor.page, 'I.2')).toContain('navigation!')
    await eventually(() => status(editor.page, 'I.2')).toBe('open')
    // The history says who agreed it, who took the mark off, and the words changed.
    await chair.page.getByRole('button', { name: 'Show history' }).click()
    const history = chair.page.getByRole('list', { name: 'History of this clause' })
    await history.locator('li', { hasText: 'agreed it ad referendum' }).waitFor()
    const removed = history.locator('li', { hasText: 'removed its ad ref. mark' })
    await removed.waitFor()
    expect(await removed.textContent()).toMatch(/chair, Chair/)
    const edit = history.locator('li.rt-history-edited', { has: chair.page.locator('ins', { hasText: '!' }) })
    await edit.waitFor()
    await screenshot(chair.page, 'adref-history')
    await chair.context.close()
    await editor.context.close()
  })

  it('5–6. numbers kept after a reading (3bis, [Deleted]), shown in the comparison, which opens on the latest reading', async () => {
    const negotiation = await stage.negotiation()
    const { page, context } = await stage.open(negotiation, 'chair')
    await page.getByRole('tab', { name: 'Readings & comparison' }).click()
    const freeze = page.getByRole('form', { name: 'Freeze a reading' })
    await freeze.getByRole('textbox', { name: 'Name of the reading' }).fill('First reading')
    await freeze.getByRole('button', { name: 'Freeze reading' }).click()
    await page.locator('.rt-notice', { hasText: 'frozen' }).waitFor()
    const from = page.getByRole('combobox', { name: 'Compare from' })
    await eventually(() => from.locator('option:checked').textContent()).toMatch(
      /^First reading \(\d{4}-\d{2}-\d{2}\)$/,
    )
    // A second reading of the same name is refused.
    await freeze.getByRole('textbox', { name: 'Name of the reading' }).fill('first reading')
    await freeze.getByRole('button', { name: 'Freeze reading' }).click()
    await page.locator('.rt-notice', { hasText: 'already called' }).waitFor()

    await page.getByRole('tab', { name: 'Text' }).click()
    await page.getByRole('button', { name: /^Keep paragraph numbers/ }).click()
    await placeCursorAfter(page, 'II.3', 'transferred to machines.')
    await page.keyboard.press('End')
    await page.keyboard.press('Enter')
    await page.keyboard.type('An inserted paragraph.')
    await eventually(textOf(page, 'II.3bis')).toBe('An inserted paragraph.')
    expect(await clauseText(page, 'II.4')).toMatch(/^States \[shall\]/)
    await screenshot(page, 'numbers-kept')

    await page.getByRole('tab', { name: 'Readings & comparison' }).click()
    await page.getByRole('button', { name: 'Compare', exact: true }).click()
    await page.locator('.rt-change-key', { hasText: 'II.3bis' }).waitFor()

    await page.getByRole('tab', { name: 'Text' }).click()
    await page.getByRole('button', { name: /^Renumber/ }).click()
    await eventually(textOf(page, 'II.4')).toBe('An inserted paragraph.')
    await page.keyboard.press('Control+z')
    await eventually(textOf(page, 'II.3bis')).toBe('An inserted paragraph.')
    await context.close()
  })

  it('6. the chair renames a reading and gives it a note; every browser sees the new name', async () => {
    const negotiation = await stage.negotiation()
    const { page, context } = await stage.open(negotiation, 'chair')
    await page.getByRole('tab', { name: 'Readings & comparison' }).click()
    const freeze = page.getByRole('form', { name: 'Freeze a reading' })
    for (const name of ['First reading', 'Second reading']) {
      await freeze.getByRole('textbox', { name: 'Name of the reading' }).fill(name)
      await freeze.getByRole('button', { name: 'Freeze reading' }).click()
      await page.locator('.rt-notice', { hasText: `“${name}” frozen` }).waitFor()
    }
    await page.locator('.rt-reading-list summary').click()
    await page.getByRole('button', { name: 'Rename or note Second reading' }).click()
    const form = page.getByRole('form', { name: 'Rename or note Second reading' })
    await form.getByRole('textbox', { name: 'New name' }).fill('first  reading')
    await form.getByRole('button', { name: 'Save' }).click()
    await page.locator('.rt-notice', { hasText: 'already called “first  reading”' }).waitFor()
    await form.getByRole('textbox', { name: 'New name' }).fill('Second reading (revised)')
    await form.getByRole('textbox', { name: 'Note' }).fill('Circulated on Friday; II.3 agreed ad ref.')
    await form.getByRole('button', { name: 'Save' }).click()
    await page.locator('.rt-notice', { hasText: '“Second reading” renamed “Second reading (revised)”' }).waitFor()
    const row = page.locator('.rt-reading-list tr', { hasText: 'Second reading (revised)' })
    await row.locator('.rt-reading-note', { hasText: 'Circulated on Friday' }).waitFor()
    await eventually(() =>
      page.getByRole('combobox', { name: 'Compare from' }).locator('option').allInnerTexts(),
    ).toContainEqual(expect.stringMatching(/^Second reading \(revised\) \(\d{4}-/))
    await screenshot(page, 'reading-renamed')

    const observer = await stage.open(negotiation, 'observer')
    await observer.page.getByRole('tab', { name: 'Readings & comparison' }).click()
    await observer.page.locator('.rt-reading-list summary').click()
    await observer.page.locator('.rt-reading-note', { hasText: 'Circulated on Friday' }).waitFor()
    expect(await observer.page.getByRole('button', { name: /^Rename or note/ }).count()).toBe(0)
    await observer.context.close()
    await context.close()
  })

  it('8. printing the text prints every section', async () => {
    const negotiation = await stage.negotiation()
    const { page, context } = await stage.open(negotiation, 'observer')
    await page.emulateMedia({ media: 'print' })
    const last = page.locator('.rt-clause[data-key="V.3"]')
    expect(await last.isVisible()).toBe(true)
    const pdf = await page.pdf({ format: 'A4' })
    const pages = pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g)?.length ?? 0
    expect(pages).toBeGreaterThan(1)
    await screenshot(page, 'print-media')
    await context.close()
  })

  it('9. after one visit the app opens without a network, with the text kept in this browser', async () => {
    const negotiation = await stage.negotiation()
    const { page, context } = await stage.open(negotiation, 'editor')
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready
    })
    await page.reload()
    await page.waitForSelector('.rt-editor-frame[data-ready] .rt-editor')
    await eventually(() => page.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true)
    await placeCursorAfter(page, 'I.2', 'navigation')
    await page.keyboard.type(' kept here')
    await eventually(textOf(page, 'I.2')).toContain('navigation kept here')
    await locallyStored(page, negotiation)
    await context.setOffline(true)
    await page.reload()
    await page.waitForSelector('.rt-editor-frame[data-ready] .rt-editor')
    await eventually(textOf(page, 'I.2')).toContain('navigation kept here')
    await page.locator('.rt-connection[data-state="offline"]').waitFor()
    await screenshot(page, 'opened-offline')
    await context.setOffline(false)
    await context.close()
  })

  it('10. an offline edit to a clause a colleague deleted is reported and can be restored', async () => {
    const negotiation = await stage.negotiation()
    const chair = await stage.open(negotiation, 'chair')
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
    await placeCursorAfter(offline.page, 'IV.2', 'States are encouraged')
    await offline.page.keyboard.type(' written offline')

    await selectFromStartToStart(chair.page, 'IV.2', 'IV.3')
    await chair.page.keyboard.press('Delete')
    await eventually(() => chair.page.locator('.rt-clause[data-key="IV.3"]').count()).toBe(0)

    await offline.context.setOffline(false)
    syncBlocked = false
    await offline.page.locator('.rt-connection[data-state="connected"]').waitFor({ timeout: 15_000 })
    const notice = offline.page.locator('.rt-notice', { hasText: 'was deleted by a colleague' })
    await notice.waitFor()
    expect(await notice.textContent()).toContain('written offline')
    await screenshot(offline.page, 'offline-loss-notice')
    await notice.getByRole('button', { name: 'Restore as a new clause' }).click()
    await eventually(textOf(chair.page, 'IV.2')).toContain('written offline')
    await eventually(textOf(chair.page, 'IV.3')).toMatch(/^Training of operators/)
    await chair.context.close()
    await offline.context.close()
  })

  it('11. a skip link, Esc then Tab leaves the text, Esc closes the Keys help, buttons have names', async () => {
    const negotiation = await stage.negotiation()
    const { page, context } = await stage.open(negotiation, 'chair')
    await page.locator('body').press('Tab')
    const skip = page.getByRole('link', { name: 'Skip to the text' })
    await eventually(() => skip.evaluate((el) => el === document.activeElement)).toBe(true)
    await skip.press('Enter')
    await eventually(() => page.evaluate(() => !!document.activeElement?.closest('.rt-editor'))).toBe(true)

    await placeCursorAfter(page, 'I.2', 'navigation')
    await page.keyboard.press('Escape')
    await page.keyboard.press('Tab')
    await eventually(() => page.evaluate(() => !!document.activeElement?.closest('.rt-clause-panel'))).toBe(true)
    expect(await page.locator('.rt-clause[data-key="I.2"]').getAttribute('data-level')).toBe('1')

    await page.getByText('Keys', { exact: true }).click()
    await page.locator('.rt-shortcuts').waitFor()
    await page.keyboard.press('Escape')
    await eventually(() => page.locator('.rt-shortcuts').isVisible()).toBe(false)

    const unnamed = await page
      .locator('.rt-editor-toolbar button')
      .evaluateAll((buttons) => buttons.filter((b) => !/[a-z]{3}/i.test(b.textContent ?? '')).length)
    expect(unnamed).toBe(0)
    await screenshot(page, 'keyboard')
    await context.close()
  })
})
