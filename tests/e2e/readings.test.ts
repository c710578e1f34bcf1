import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { present } from '../../shared/present'
import type { ReadingDiff } from '../../shared/diff/types'
import { createNegotiation } from '../../server/negotiations/create'
import { reading } from '../builders/notation'
import { readFileSync } from 'node:fs'
import { docxPart } from '../formats/helpers'
import { browserAvailable, clauseText, eventually, placeCursorAfter, screenshot, useStage, type Stage } from './browser'

/** Browser tests of what the comparison and the matrix do across readings
 *  (issue #13, points 8 and 10): a corrected reference applied from the
 *  comparison, the positions matrix as of any frozen reading. */
describe.runIf(browserAvailable())('across readings in the browser', () => {
  let stage: Stage
  useStage((started) => {
    stage = started
  })

  const api = async (negotiation: string, path: string, role: 'chair' | 'observer', body?: unknown) =>
    stage.server.api(`/api/negotiations/${negotiation}${path}`, {
      token: await stage.server.token(role, null, negotiation),
      ...(body === undefined ? {} : { body }),
    })
  const freeze = async (negotiation: string, name: string) => {
    const res = await api(negotiation, '/readings', 'chair', { name })
    expect(res.status).toBe(201)
    return (res.json as { id: string }).id
  }
  const compare = (page: Page) => page.getByRole('button', { name: 'Compare', exact: true })

  it('8. the chair applies a corrected reference from the comparison: an edit of the text, undone with Ctrl+Z; refused once the words changed', async () => {
    const text = reading(
      '# I. General',
      '1. The first clause.',
      '2. The measures of paragraph 3 apply to all States.',
      '3. Measures shall be taken.',
    )
    const { id } = await createNegotiation(stage.server.storage, 'References', text)
    await freeze(id, 'First reading')
    const { page, context } = await stage.open(id, 'chair')
    await placeCursorAfter(page, 'I.1', 'The first clause.')
    await page.keyboard.press('End')
    await page.keyboard.press('Enter')
    await page.keyboard.type('An inserted clause.')
    await eventually(() => clauseText(page, 'I.2')).toBe('An inserted clause.')

    await page.getByRole('tab', { name: 'Readings & comparison' }).click()
    const apply = page.getByRole('button', { name: 'Apply in I.3: paragraph 3 → paragraph 4' })
    // The server has the inserted clause once the comparison finds the stale reference.
    await eventually(async () => {
      await compare(page).click()
      return apply.count()
    }).toBe(1)
    expect(await apply.textContent()).toBe('Apply: paragraph 3 → paragraph 4')
    expect(await page.locator('.rt-references li').textContent()).toContain('“paragraph 3” cites I.3, now I.4')
    await screenshot(page, 'apply-reference')
    // An observer sees the reference to check, with no button to apply it.
    const observer = await stage.open(id, 'observer')
    await observer.page.getByRole('tab', { name: 'Readings & comparison' }).click()
    await compare(observer.page).click()
    await observer.page.locator('.rt-references li').waitFor()
    expect(await observer.page.locator('.rt-apply-reference').count()).toBe(0)
    await observer.context.close()
    await apply.click()
    await page.locator('.rt-notice', { hasText: 'I.3 now reads “paragraph 4”' }).waitFor()
    expect(await apply.isDisabled()).toBe(true)
    expect(await apply.textContent()).toBe('Applied: paragraph 3 → paragraph 4')
    await page.getByRole('tab', { name: 'Text' }).click()
    await eventually(() => clauseText(page, 'I.3')).toBe('The measures of paragraph 4 apply to all States.')
    await placeCursorAfter(page, 'I.4', 'Measures shall')
    await page.keyboard.press('Control+z')
    await eventually(() => clauseText(page, 'I.3')).toBe('The measures of paragraph 3 apply to all States.')
    expect(await clauseText(page, 'I.2')).toBe('An inserted clause.')

    // The comparison is shown again; then the words at the reference change before Apply.
    await page.getByRole('tab', { name: 'Readings & comparison' }).click()
    await eventually(async () => {
      await compare(page).click()
      return apply.isEnabled()
    }).toBe(true)
    await page.getByRole('tab', { name: 'Text' }).click()
    await placeCursorAfter(page, 'I.3', 'paragraph 3')
    await page.keyboard.type('bis')
    await eventually(() => clauseText(page, 'I.3')).toBe('The measures of paragraph 3bis apply to all States.')
    await page.getByRole('tab', { name: 'Readings & comparison' }).click()
    await apply.click()
    await page
      .locator('.rt-notice-error', {
        hasText: 'Not applied: the text of I.3 changed since the comparison and no longer reads “paragraph 3” there',
      })
      .waitFor()
    expect(await apply.isEnabled()).toBe(true)
    expect(await clauseText(page, 'I.3')).toBe('The measures of paragraph 3bis apply to all States.')

    await context.close()
  })

  it('10, 9. the matrix as of any frozen reading: its clause texts, the positions recorded up to it, stale marks naming the reading; the history downloads as Word', async () => {
    const negotiation = await stage.negotiation()
    const live = (await api(negotiation, '/diff?from=live&to=live', 'observer')).json as ReadingDiff
    const clauseId = present(live.changes.find((c) => c.new?.key === 'II.2')?.new?.id)
    const record = async (state: string, extra: Record<string, unknown> = {}) => {
      const res = await stage.server.api(`/api/negotiations/${negotiation}/positions`, {
        token: await stage.server.token('delegation', state, negotiation),
        body: { clauseId, stance: 'oppose', comment: `${state} on II.2`, ...extra },
      })
      expect(res.status).toBe(201)
    }
    await record('Austria')
    const first = await freeze(negotiation, 'First reading')
    await record('China', { reading: first })

    const { page, context } = await stage.open(negotiation, 'chair')
    await placeCursorAfter(page, 'II.2', 'over the use of force')
    await page.keyboard.type(' at all times')
    await eventually(async () => {
      const diff = (await api(negotiation, `/diff?from=${first}&to=live`, 'observer')).json as ReadingDiff
      return diff.summary.modified
    }).toBe(1)
    await freeze(negotiation, 'Second reading')
    await record('Brazil')

    await page.getByRole('tab', { name: 'Positions matrix' }).click()
    const cell = (state: string) => page.locator(`td.rt-cell[aria-label^="${state} on II.2:"]`)
    await cell('Brazil').waitFor()
    expect(await cell('Austria').getAttribute('aria-label')).toContain(
      'recorded on the live text; the clause has changed since',
    )
    expect(await cell('China').getAttribute('aria-label')).toContain(
      'recorded on First reading; the clause has changed since',
    )

    const asOf = page.getByRole('combobox', { name: 'As of' })
    await eventually(() => asOf.locator('option').allInnerTexts()).toEqual([
      'the live text',
      expect.stringMatching(/^First reading \(/),
      expect.stringMatching(/^Second reading \(/),
    ])
    await asOf.selectOption({ label: (await asOf.locator('option').nth(1).textContent()) ?? '' })
    await page.locator('.rt-matrix .rt-note', { hasText: 'As of First reading' }).waitFor()
    expect(await page.locator('td.rt-cell').count()).toBe(2)
    for (const state of ['Austria', 'China']) expect(await cell(state).getAttribute('class')).not.toContain('stale')
    expect(await page.locator('tr th button.rt-link').first().getAttribute('title')).not.toContain('at all times')

    await asOf.selectOption({ label: (await asOf.locator('option').nth(2).textContent()) ?? '' })
    await page.locator('.rt-matrix .rt-note', { hasText: 'As of Second reading' }).waitFor()
    expect(await cell('Brazil').count()).toBe(0)
    expect(await cell('Austria').getAttribute('class')).toContain('rt-cell-stale')
    expect(await cell('Austria').getAttribute('aria-label')).toContain(
      'recorded on the live text; the clause had changed by Second reading',
    )
    expect(await cell('China').getAttribute('aria-label')).toContain(
      'recorded on First reading; the clause had changed by Second reading',
    )
    expect(await page.locator('tr th button.rt-link').first().getAttribute('title')).toContain('at all times')
    await screenshot(page, 'matrix-as-of-reading')

    await asOf.selectOption('')
    await cell('Brazil').waitFor()

    // 9. The history across these readings downloads as a Word file.
    await page.getByRole('tab', { name: 'Readings & comparison' }).click()
    await page.locator('summary', { hasText: 'Brackets left and clause histories' }).click()
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download the history (.docx)' }).click(),
    ])
    expect(download.suggestedFilename()).toMatch(/history\.docx$/)
    const xml = await docxPart(readFileSync(present(await download.path())))
    expect(xml).toContain('Brackets left')
    expect(xml).toContain('at all times')
    await context.close()
  })
})
