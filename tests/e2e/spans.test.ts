import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import {
  browserAvailable,
  eventually,
  placeCursorAfter,
  screenshot,
  type Stage,
  useStage,
  selectFromStartToStart,
} from './browser'

/** Browser test of brackets spanning paragraphs (issue 11, point 5): the
 *  chair brackets a paragraph with its sub-paragraphs, a colleague sees the
 *  span and the navigator counts it; accepting keeps the paragraphs without
 *  the brackets, dropping deletes them. */
describe.runIf(browserAvailable())('brackets spanning paragraphs in the browser', () => {
  let stage: Stage
  useStage((started) => {
    stage = started
  })

  const navCount = (page: Page, numeral: string) => () =>
    page.locator(`.rt-nav-item[data-numeral="${numeral}"] .rt-count`).textContent()
  const spanBrackets = (page: Page) => () =>
    page
      .locator('.rt-span-bracket')
      .evaluateAll((els) => els.map((el) => `${el.closest('.rt-clause')?.getAttribute('data-key')} ${el.textContent}`))
  const keys = (page: Page, prefix: string) =>
    page.locator(`.rt-clause[data-key^="${prefix}"]`).evaluateAll((els) => els.map((el) => el.getAttribute('data-key')))

  it('brackets III.3 with its sub-paragraphs, shows and counts the span for everyone, accepts it, then drops it', async () => {
    const negotiation = await stage.negotiation()
    const chair = await stage.open(negotiation, 'chair')
    const editor = await stage.open(negotiation, 'editor')
    await eventually(navCount(chair.page, 'III')).toBe('[7]')

    await selectFromStartToStart(chair.page, 'III.3', 'III.3(c)')
    await chair.page.keyboard.press('Control+Alt+KeyB')
    for (const page of [chair.page, editor.page]) {
      await eventually(spanBrackets(page)).toEqual(['III.3 [', 'III.3(c) ]'])
      await eventually(navCount(page, 'III')).toBe('[8]')
      expect(await page.locator('.rt-clause.rt-in-span').count()).toBe(4)
    }
    await editor.page
      .locator('.rt-clause[data-key="III.3(a)"]')
      .evaluate((el) => el.scrollIntoView({ block: 'center' }))
    await screenshot(editor.page, 'span-bracketed')

    // In a spanned paragraph, the span's bar says which paragraphs it holds.
    await placeCursorAfter(chair.page, 'III.3(b)', 'duration')
    const bar = chair.page.locator('.rt-span-menu:not([hidden])')
    await eventually(() => bar.locator('.rt-span-held').textContent()).toBe('Bracketed paragraphs III.3 – III.3(c)')
    await screenshot(chair.page, 'span-menu')
    await bar.getByRole('button', { name: 'Accept paragraphs' }).click()
    for (const page of [chair.page, editor.page]) {
      await eventually(spanBrackets(page)).toEqual([])
      await eventually(navCount(page, 'III')).toBe('[7]')
    }
    expect(await keys(editor.page, 'III.3')).toEqual(['III.3', 'III.3(a)', 'III.3(b)', 'III.3(c)'])

    await selectFromStartToStart(chair.page, 'III.3', 'III.3(c)')
    await chair.page.getByRole('button', { name: /^Bracket the selected paragraphs/ }).click()
    await eventually(spanBrackets(editor.page)).toEqual(['III.3 [', 'III.3(c) ]'])
    await placeCursorAfter(chair.page, 'III.3(a)', 'types')
    await chair.page.getByRole('button', { name: /^Drop the bracketed paragraphs/ }).click()
    for (const page of [chair.page, editor.page]) {
      await eventually(() => keys(page, 'III.')).toEqual(['III.1', 'III.2'])
      // The span and the four pairs inside it went with the paragraphs.
      await eventually(navCount(page, 'III')).toBe('[3]')
    }
    expect(editor.page.isClosed()).toBe(false)
    expect(await editor.page.locator('.rt-notice', { hasText: /refused|closed/i }).count()).toBe(0)
    await chair.context.close()
    await editor.context.close()
  })
})
