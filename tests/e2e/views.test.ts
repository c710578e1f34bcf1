import { present } from '../../shared/present'
import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { readFileSync } from 'node:fs'
import {
  browserAvailable,
  eventually,
  clauseText,
  placeCursorAfter,
  screenshot,
  selectText,
  useStage,
  typeWithIme,
  type Stage,
} from './browser'
import { exportDocx } from '../../server/formats/docx-export'
import { importDocx } from '../../server/formats/docx-import'
import { createNegotiation } from '../../server/negotiations/create'
import type { ReadingDiff } from '../../shared/diff/types'
import { docxPart } from '../formats/helpers'
import { fixture } from '../builders/notation'

/** Browser tests of the main views: brackets and the navigator, readings and
 *  their comparison, positions in the panel and the matrix. */
describe.runIf(browserAvailable())('the views in the browser', () => {
  let stage: Stage
  useStage((started) => {
    stage = started
  })

  /** The bracket count the navigator shows for a section. */
  const navCount = (page: Page, numeral: string) => () =>
    page.locator(`.rt-nav-item[data-numeral="${numeral}"] .rt-count`).textContent()

  /** Positions of two more states on II.2 and II.4, recorded through the API,
   *  so the matrix has a contested clause to put first. */
  async function otherPositions(negotiation: string): Promise<void> {
    const clauseIds = await stage.server.api(`/api/negotiations/${negotiation}/diff?from=live&to=live`, {
      token: await stage.server.token('chair', null, negotiation),
    })
    const idOf = (key: string) =>
      present((clauseIds.json as ReadingDiff).changes.find((c) => c.new?.key === key)?.new?.id)
    const record = async (state: string, key: string, stance: string) => {
      const reply = await stage.server.api(`/api/negotiations/${negotiation}/positions`, {
        token: await stage.server.token('delegation', state, negotiation),
        body: { clauseId: idOf(key), stance, comment: `${state} on ${key}` },
      })
      expect(reply.status).toBe(201)
    }
    await record('China', 'II.2', 'oppose')
    await record('Brazil', 'II.2', 'reservation')
    await record('China', 'II.4', 'support')
  }

  it('brackets a word, adds an alternative, accepts it: brackets gone, counts updated', async () => {
    const { context, page } = await stage.open(await stage.negotiation(), 'chair')
    await eventually(navCount(page, 'III')).toBe('[7]')
    await selectText(page, 'III.3(b)', 'geographical')
    await page.keyboard.press('Control+BracketLeft')
    await eventually(() => clauseText(page, 'III.3(b)')).toContain('[geographical]')
    await eventually(navCount(page, 'III')).toBe('[8]')

    await page.keyboard.press('Control+Shift+BracketLeft')
    await page.keyboard.type('territorial')
    await eventually(() => clauseText(page, 'III.3(b)')).toContain('[geographical][territorial]')
    await eventually(navCount(page, 'III')).toBe('[9]')
    const menu = page.getByRole('toolbar', { name: 'Bracket group' })
    await menu.waitFor()
    await screenshot(page, 'brackets-menu')

    // By keyboard alone: Alt-Enter opens the menu, arrows move, Enter accepts.
    await page.keyboard.press('Alt+Enter')
    await eventually(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe(
      'Accept option 1: geographical',
    )
    await page.keyboard.press('ArrowDown')
    await eventually(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe(
      'Drop option 1: geographical',
    )
    await page.keyboard.press('ArrowDown')
    await page.keyboard.press('Enter')
    await eventually(() => clauseText(page, 'III.3(b)')).toBe('the duration, territorial scope and scale of use;')
    await eventually(navCount(page, 'III')).toBe('[7]')

    await page.keyboard.press('Control+Alt+a')
    await eventually(() => page.locator('.rt-clause[data-key="III.3(b)"]').getAttribute('data-status')).toBe('adref')
    await eventually(() => page.locator('.rt-nav-item[data-numeral="III"] .rt-agreed').textContent()).toBe('1/6 ✓')
    await screenshot(page, 'agreed-ad-ref')

    // Brackets nest: a pair inside an option is drawn in the next depth's colour.
    await selectText(page, 'III.3(c)', 'civilian objects')
    await page.keyboard.press('Control+BracketLeft')
    await eventually(() => clauseText(page, 'III.3(c)')).toBe(
      '[the presence of civilians and [civilian objects]][the operational environment].',
    )
    await eventually(navCount(page, 'III')).toBe('[8]')
    const colours = await page
      .locator('.rt-clause[data-key="III.3(c)"] .rt-option-text')
      .evaluateAll((spans) => spans.map((span) => getComputedStyle(span, '::before').color))
    expect(new Set(colours).size).toBe(2)
    await screenshot(page, 'brackets-nested')
    await context.close()
  })

  it('an Arabic clause runs right to left and is numbered like any other', async () => {
    const { context, page } = await stage.open(await stage.negotiation(), 'chair')
    await placeCursorAfter(page, 'V.1', 'at all times.')
    await page.keyboard.press('Enter')
    await page.keyboard.insertText('تتحمل الدول المسؤولية عن استخدام هذه الأسلحة.')
    await selectText(page, 'V.2', 'هذه')
    await page.keyboard.press('Control+BracketLeft')
    const clause = page.locator('.rt-clause[data-key="V.2"]')
    await eventually(() => clauseText(page, 'V.2')).toBe('تتحمل الدول المسؤولية عن استخدام [هذه] الأسلحة.')
    expect(await clause.evaluate((el) => getComputedStyle(el).direction)).toBe('rtl')
    expect(await clause.getAttribute('data-number')).toBe('2.')
    expect(await page.locator('.rt-clause[data-key="V.4"]').count()).toBe(1)
    await screenshot(page, 'arabic-rtl')
    await context.close()
  })

  it('the chair freezes a reading, edits a clause (Chinese through an input method too) and moves one; the comparison shows both', async () => {
    const { context, page } = await stage.open(await stage.negotiation(), 'chair')
    await page.getByRole('tab', { name: 'Readings & comparison' }).click()
    await page.getByRole('textbox', { name: 'Name of the reading' }).fill('First reading')
    await page.getByRole('button', { name: 'Freeze reading' }).click()
    await eventually(() =>
      page.getByRole('combobox', { name: 'Compare from' }).locator('option').allInnerTexts(),
    ).toContainEqual(expect.stringMatching(/^First reading \(/))

    await page.getByRole('tab', { name: 'Text' }).click()
    await placeCursorAfter(page, 'II.3', 'cannot be transferred to machines')
    await page.keyboard.type(' or algorithms ')
    await typeWithIme(page, ['s', 'suan', 'suanfa', '算法'], '算法')
    await eventually(() => clauseText(page, 'II.3')).toContain('or algorithms 算法')
    const history = page.locator('.rt-history li')
    await eventually(async () => {
      await page.getByRole('button', { name: 'Show history' }).click()
      return history.allInnerTexts()
    }).toContainEqual(expect.stringContaining('chair'))
    await placeCursorAfter(page, 'I.1', 'For the purposes')
    await page.keyboard.press('Alt+ArrowDown')
    await page.keyboard.press('Alt+ArrowDown')
    await eventually(() => clauseText(page, 'I.3')).toMatch(/^For the purposes/)

    await page.getByRole('tab', { name: 'Readings & comparison' }).click()
    await pickReading(page, 'Compare from', 'First reading')
    await page.getByRole('combobox', { name: 'Compare to' }).selectOption('live')
    await page.getByRole('button', { name: 'Compare', exact: true }).click()
    const change = page.locator('.rt-change.rt-modified[data-key="II.3"]')
    await change.waitFor()
    expect(await change.locator('ins').allInnerTexts()).toEqual([expect.stringContaining('or algorithms 算法')])
    expect(await page.locator('.rt-summary-table tfoot td').first().textContent()).toBe('1')
    const moved = page.locator('.rt-change.rt-moved[data-key="I.3"] a.rt-moved-link')
    expect(await moved.textContent()).toBe('moved from I.1')
    await moved.click()
    await eventually(() => page.evaluate(() => document.querySelector(':target')?.textContent)).toBe('I.1 moved to I.3')
    await screenshot(page, 'comparison')
    await page.emulateMedia({ media: 'print' })
    await screenshot(page, 'comparison-print')
    await page.emulateMedia({ media: 'screen' })
    await context.close()
  })

  it('the chair downloads the live text and a reading, uploads two outside versions and compares them', async () => {
    const { context, page } = await stage.open(await stage.negotiation(), 'chair')
    const downloaded = async (click: () => Promise<void>) => {
      const [download] = await Promise.all([page.waitForEvent('download'), click()])
      return { name: download.suggestedFilename(), bytes: readFileSync(present(await download.path())) }
    }
    await page.locator('summary', { hasText: 'Files' }).click()
    const word = await downloaded(() => page.getByRole('button', { name: 'Word (.docx)' }).click())
    expect(word.name).toMatch(/live text\.docx$/)
    expect(await docxPart(word.bytes)).toContain('For the purposes')

    await page.getByRole('tab', { name: 'Readings & comparison' }).click()
    await page.getByRole('textbox', { name: 'Name of the reading' }).fill('Session one')
    await page.getByRole('button', { name: 'Freeze reading' }).click()
    await page.locator('summary', { hasText: 'Readings' }).click()
    const reading = await downloaded(() =>
      page.getByRole('button', { name: 'Session one as Text notation (.txt)' }).click(),
    )
    expect(reading.bytes.toString()).toContain('% reading: Session one')

    await page.locator('summary', { hasText: 'Files' }).click()
    await page.getByLabel('Earlier reading from a file…').setInputFiles({
      name: 'chair-draft-1.docx',
      mimeType: 'application/octet-stream',
      buffer: await exportDocx(fixture('sample-reading-1.txt')),
    })
    await eventually(() =>
      page.getByRole('combobox', { name: 'Compare from' }).locator('option').allInnerTexts(),
    ).toContainEqual(expect.stringMatching(/^First reading \(/))
    await page.getByLabel('Earlier reading from a file…').setInputFiles({
      name: 'chair-draft-2.txt',
      mimeType: 'text/plain',
      buffer: readFileSync(new URL('../fixtures/sample-reading-2.txt', import.meta.url)),
    })
    await eventually(() =>
      page.getByRole('combobox', { name: 'Compare to' }).locator('option').allInnerTexts(),
    ).toContainEqual(expect.stringMatching(/^Second reading \(/))
    await pickReading(page, 'Compare from', 'First reading')
    await pickReading(page, 'Compare to', 'Second reading')
    await page.getByRole('button', { name: 'Compare', exact: true }).click()
    await page.locator('.rt-summary-table tfoot').waitFor()
    const heads = (await page.locator('.rt-summary-table thead th').allInnerTexts())
      .slice(1)
      .map((t) => t.trim().toLowerCase())
    const totals = await page.locator('.rt-summary-table tfoot td').allInnerTexts()
    const counts = Object.fromEntries(heads.map((head, i) => [head, totals[i]]))
    // As tests/fixtures/sample-diff-expected.json says for these two readings.
    expect(counts).toMatchObject({ added: '1', deleted: '1', modified: '5', moved: '2', unchanged: '16' })
    await screenshot(page, 'comparison-of-uploads')
    await context.close()
  })

  it('a delegation records a position; another user sees it in the panel and the matrix', async () => {
    const negotiation = await stage.negotiation()
    const austria = await stage.open(negotiation, 'delegation', 'Austria')
    const chair = await stage.open(negotiation, 'chair')
    await placeCursorAfter(chair.page, 'II.2', 'Recognize')
    await otherPositions(negotiation)

    await selectText(austria.page, 'II.2', 'meaningful human control')
    await austria.page.locator('.rt-clause-panel .rt-pane-title', { hasText: 'II.2' }).waitFor()
    const form = austria.page.getByRole('form', { name: 'Position of Austria' })
    await form.getByRole('combobox', { name: 'Stance' }).selectOption('support')
    await form.getByRole('button', { name: 'Use selection' }).click()
    await form.getByRole('textbox', { name: 'Comment' }).fill('Human control must be meaningful.')
    await form.getByRole('textbox', { name: 'Source' }).fill('statement, 3 March')
    await form.getByRole('button', { name: 'Record position' }).click()

    await austria.page.locator('.rt-position[data-state="Austria"]').waitFor()
    await screenshot(austria.page, 'delegation-panel')
    const seen = chair.page.locator('.rt-position[data-state="Austria"]')
    await seen.waitFor()
    expect(await seen.textContent()).toMatch(
      /Supports[\s\S]*meaningful human control[\s\S]*Human control must be meaningful\./,
    )
    await screenshot(chair.page, 'positions-panel')

    await chair.page.getByRole('tab', { name: 'Positions matrix' }).click()
    const cell = chair.page.locator('.rt-matrix-table tr[data-clause] td.rt-stance-support').first()
    await cell.waitFor()
    expect(await cell.getAttribute('aria-label')).toMatch(/^Austria on II\.2: Supports/)
    expect(await chair.page.locator('.rt-matrix-table tbody th button').first().textContent()).toBe('II.2')
    await screenshot(chair.page, 'matrix')
    await austria.context.close()
    await chair.context.close()
  })

  it('a delegation proposes wording; the chair inserts it as an alternative attributed to the state', async () => {
    const negotiation = await stage.negotiation()
    const austria = await stage.open(negotiation, 'delegation', 'Austria')
    const chair = await stage.open(negotiation, 'chair')

    await selectText(austria.page, 'II.3', 'machines')
    const form = austria.page.getByRole('form', { name: 'Propose other wording' })
    await form.getByRole('button', { name: 'Use selection' }).click()
    await form.getByRole('textbox', { name: 'Proposed wording' }).fill('autonomous systems')
    await form.getByRole('button', { name: 'Propose' }).click()

    const open = chair.page.getByRole('button', { name: 'Austria proposes for II.3: autonomous systems' })
    await open.click()
    await chair.page.getByRole('button', { name: 'Insert as alternative' }).click()
    await eventually(() => clauseText(chair.page, 'II.3')).toContain('[machines][autonomous systems]')
    expect(await chair.page.locator('.rt-clause[data-key="II.3"] .rt-option[data-proposed-by="Austria"]').count()).toBe(
      1,
    )
    await eventually(() => clauseText(austria.page, 'II.3')).toContain('[machines][autonomous systems]')
    await chair.page.locator('.rt-proposal-inserted').waitFor()
    await screenshot(chair.page, 'proposal-inserted')
    await austria.context.close()
    await chair.context.close()
  })

  it("lists an upload's warnings, with the quoted paragraphs, instead of only 'Reading imported'", async () => {
    const { context, page } = await stage.open(await stage.negotiation(), 'chair')
    await page.locator('summary', { hasText: 'Files' }).click()
    await page.getByLabel('Earlier reading from a file…').setInputFiles({
      name: 'notes-boxes-tables.docx',
      mimeType: 'application/octet-stream',
      buffer: readFileSync(new URL('../fixtures/docx/notes-boxes-tables.docx', import.meta.url)),
    })
    const notice = page.locator('.rt-notice-warning')
    await notice.waitFor()
    expect(await notice.locator('span').first().textContent()).toBe('Reading imported. 3 warnings:')
    expect(await notice.locator('li').allInnerTexts()).toEqual([
      'section I, "1. States shall report.": a footnote is not part of the text model: left out (it reads "See document FCCC/SBI/2026/4.")',
      'section I, "2. See the box.": a text box is not part of the text model: left out (it reads "Note by the Chair: informal.")',
      'table 1: a table is not part of the text model: left out (it reads "Party Pledge")',
    ])
    await screenshot(page, 'upload-warnings')
    await notice.getByRole('button', { name: 'Dismiss' }).click()
    await eventually(() => notice.count()).toBe(0)
    await context.close()
  })

  it('shows a UN draft decision from Word with its preamble and annex, numbered as Word numbers them', async () => {
    const read = await importDocx(readFileSync(new URL('../fixtures/docx/un-template.docx', import.meta.url)))
    if (!read.ok) throw new Error(read.error.message)
    const made = await createNegotiation(stage.server.storage, 'Draft decision', read.doc)
    const { context, page } = await stage.open(made.id, 'chair')
    await eventually(() => clauseText(page, 'Preamble.u2')).toContain('Recalling decision 1/CP.21,')
    await eventually(() => clauseText(page, 'II.3')).toContain('Invites Parties to submit their views;')
    await eventually(() => clauseText(page, 'Annex.2')).toContain('Observers may attend.')
    await screenshot(page, 'un-template-in-editor')
    await context.close()
  })
})

/** Picks a reading by name in a comparison list (its option also shows the date). */
async function pickReading(page: Page, list: string, name: string): Promise<void> {
  const select = page.getByRole('combobox', { name: list })
  const value = await select
    .locator('option')
    .evaluateAll(
      (options, wanted) => options.find((o) => o.textContent?.startsWith(`${wanted} (`))?.getAttribute('value'),
      name,
    )
  if (!value) throw new Error(`no reading ${name} in ${list}`)
  await select.selectOption(value)
}
