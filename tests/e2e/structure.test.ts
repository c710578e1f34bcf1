import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import {
  browserAvailable,
  clauseText,
  eventually,
  placeCursorAfter,
  screenshot,
  useStage,
  type Stage,
  selectFromStartToStart,
} from './browser'

/** Browser tests of editing that keeps the text's shape (issue #12, points
 *  1 and 2): units move and re-level whole, brackets never leak or split,
 *  typed and pasted brackets become real groups. */
describe.runIf(browserAvailable())('the text keeps its shape in the browser', () => {
  let stage: Stage
  useStage((started) => {
    stage = started
  })

  const textOf = (page: Page, key: string) => () => clauseText(page, key)
  const keys = (page: Page, prefix: string) =>
    page
      .locator(`.rt-clause[data-key^="${prefix}"]`)
      .evaluateAll((els) => els.map((el) => `${el.getAttribute('data-key')} ${el.textContent?.slice(0, 12)}`))

  it('1. a paragraph moves and re-levels with its sub-paragraphs, and never leaves one without a parent', async () => {
    const negotiation = await stage.negotiation()
    const chair = await stage.open(negotiation, 'chair')
    const editor = await stage.open(negotiation, 'editor')
    await placeCursorAfter(chair.page, 'II.4', 'States')
    await chair.page.keyboard.press('Alt+ArrowUp')
    for (const page of [chair.page, editor.page]) {
      await eventually(textOf(page, 'II.3')).toMatch(/^States \[shall\]\[should\] ensure/)
      await eventually(textOf(page, 'II.3(a)')).toMatch(/^understand the capabilities/)
      await eventually(textOf(page, 'II.3(c)')).toMatch(/^\[interrupt\]/)
      await eventually(textOf(page, 'II.4')).toMatch(/^Underline that/)
    }
    expect(await chair.page.locator('.rt-clause[data-key="II.4(a)"]').count()).toBe(0)
    await screenshot(chair.page, 'structure-unit-moved')

    // Shift+Tab makes (a) a paragraph; (b) and (c) become its sub-paragraphs.
    await placeCursorAfter(chair.page, 'II.3(a)', 'understand')
    await chair.page.keyboard.press('Shift+Tab')
    await eventually(textOf(chair.page, 'II.4')).toMatch(/^understand the capabilities/)
    await eventually(textOf(chair.page, 'II.4(a)')).toMatch(/^\[anticipate\]/)
    // The first paragraph of a section cannot become a sub-paragraph.
    await placeCursorAfter(chair.page, 'I.1', 'For the purposes')
    await chair.page.keyboard.press('Tab')
    await chair.page.locator('.rt-notice', { hasText: /^Level not changed/ }).waitFor()
    expect(await chair.page.locator('.rt-clause[data-key="I.1"]').count()).toBe(1)

    // Selecting II.3 and its sub-paragraph and deleting takes the unit with it.
    const before = await keys(editor.page, 'II.')
    await selectFromStartToStart(chair.page, 'II.3', 'II.4')
    await chair.page.keyboard.press('Delete')
    await eventually(() => keys(editor.page, 'II.')).not.toEqual(before)
    await eventually(textOf(editor.page, 'II.3')).toMatch(/^understand the capabilities/)
    expect(await editor.page.locator('.rt-clause[data-key^="II."]').count()).toBe(before.length - 1)
    await chair.context.close()
    await editor.context.close()
  })

  it('2. Enter leaves a bracketed clause outside its brackets, Backspace mends a split option, typed and pasted brackets become groups', async () => {
    const negotiation = await stage.negotiation()
    const chair = await stage.open(negotiation, 'chair')
    await placeCursorAfter(chair.page, 'III.2', 'shall be prohibited.')
    await chair.page.keyboard.press('End')
    await chair.page.keyboard.press('Enter')
    await chair.page.keyboard.type('A new clause')
    await eventually(textOf(chair.page, 'III.3')).toBe('A new clause')
    expect(await clauseText(chair.page, 'III.2')).toBe(
      '[Systems designed to select and engage human beings as targets shall be prohibited.]',
    )

    await placeCursorAfter(chair.page, 'IV.2', 'inform')
    await chair.page.keyboard.press('Enter')
    await eventually(textOf(chair.page, 'IV.3')).toMatch(/^\[ation\]/)
    await chair.page.keyboard.press('Backspace')
    await eventually(textOf(chair.page, 'IV.2')).toBe(
      'States are encouraged to exchange [good practices][information] on legal reviews on a voluntary basis.',
    )
    expect(await chair.page.locator('.rt-clause[data-key="IV.2"] .rt-group').count()).toBe(1)

    const section = chair.page.locator('.rt-nav-item[data-numeral="I"]')
    const navBefore = await section.getAttribute('aria-label')
    await placeCursorAfter(chair.page, 'I.3', 'does not prejudge any outcome')
    await chair.page.keyboard.type(' [and reports][or notes]')
    await eventually(() => chair.page.locator('.rt-clause[data-key="I.3"] > .rt-group').count()).toBe(2)
    expect(await chair.page.locator('.rt-clause[data-key="I.3"] .rt-group').last().locator('.rt-option').count()).toBe(
      2,
    )
    await eventually(() => section.getAttribute('aria-label')).not.toBe(navBefore)

    await placeCursorAfter(chair.page, 'V.1', 'at all times')
    await chair.page.evaluate(() => {
      const data = new DataTransfer()
      data.setData('text/plain', ' [in every case][always]')
      data.setData('text/html', '<p> [in every case][always]</p>')
      document
        .querySelector('.rt-editor')
        ?.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true }))
    })
    await eventually(() => chair.page.locator('.rt-clause[data-key="V.1"] .rt-option').count()).toBe(2)
    await eventually(textOf(chair.page, 'V.1')).toContain('at all times [in every case][always].')
    await screenshot(chair.page, 'structure-brackets')
    await chair.context.close()
  })
})
