import { describe, expect, it } from 'vitest'
import {
  browserAvailable,
  clauseText,
  eventually,
  placeCursorAfter,
  screenshot,
  selectText,
  useStage,
  type Stage,
} from './browser'

/** Browser tests of proposals, states and identity (issue #12, points 3, 12,
 *  13, 14): a proposal whose words changed is placed by the chair, states are
 *  picked and normalised, positions on options read as such, sign-out,
 *  a second link and the negotiation switcher. */
describe.runIf(browserAvailable())('proposals, states and identity in the browser', () => {
  let stage: Stage
  useStage((started) => {
    stage = started
  })

  it('3. a proposal lands on the words selected when it was made, though the clause reads them twice', async () => {
    const negotiation = await stage.negotiation()
    const peru = await stage.open(negotiation, 'delegation', 'Peru')
    const chair = await stage.open(negotiation, 'chair')
    // II.3 reads “and” twice: select the second (“humans and cannot”), shrinking a selection of “and cannot”.
    await selectText(peru.page, 'II.3', 'and cannot')
    for (let k = 0; k < ' cannot'.length; k++) await peru.page.keyboard.press('Shift+ArrowLeft')
    const form = peru.page.getByRole('form', { name: 'Propose other wording' })
    await form.getByRole('button', { name: 'Use selection' }).click()
    expect(await form.getByRole('textbox', { name: 'Wording to replace' }).inputValue()).toBe('and')
    await form.getByRole('textbox', { name: 'Proposed wording' }).fill('who')
    await form.getByRole('button', { name: 'Propose' }).click()

    await chair.page.getByRole('button', { name: 'Peru proposes for II.3: who' }).click()
    await chair.page.getByRole('button', { name: 'Insert as alternative' }).click()
    await eventually(() => clauseText(chair.page, 'II.3')).toContain('rest with humans [and][who] cannot')
    expect(await clauseText(chair.page, 'II.3')).toContain('proportionality and precaution')
    await chair.page.locator('.rt-proposal-inserted').waitFor()
    await peru.context.close()
    await chair.context.close()
  })

  it('3. a proposal whose words changed meanwhile is shown beside the text and placed where the chair chooses', async () => {
    const negotiation = await stage.negotiation()
    const chile = await stage.open(negotiation, 'delegation', 'Chile')
    const chair = await stage.open(negotiation, 'chair')
    await selectText(chile.page, 'I.3', 'does not prejudge any outcome')
    const form = chile.page.getByRole('form', { name: 'Propose other wording' })
    await form.getByRole('button', { name: 'Use selection' }).click()
    await form.getByRole('textbox', { name: 'Proposed wording' }).fill('is without prejudice to any outcome')
    await form.getByRole('button', { name: 'Propose' }).click()

    await placeCursorAfter(chair.page, 'I.3', 'any')
    await chair.page.keyboard.type(' final')
    await chair.page.getByRole('button', { name: /^Chile proposes for I\.3/ }).click()
    await chair.page.getByRole('button', { name: 'Insert as alternative' }).click()
    const dialog = chair.page.getByRole('dialog', { name: 'Where the proposal goes' })
    await dialog.waitFor()
    expect(await dialog.textContent()).toContain('does not prejudge any final outcome')
    await screenshot(chair.page, 'proposal-place')
    await dialog.getByRole('button', { name: /^As an alternative to \[technology-neutral\]/ }).click()
    await eventually(() => clauseText(chair.page, 'I.3')).toContain(
      '[technology-neutral][without prejudice to future technological developments][is without prejudice to any outcome]',
    )
    await chair.page.locator('.rt-proposal-inserted').waitFor()

    // Another proposal is declined with a reason, which the delegation sees, then reopened.
    await form.getByRole('textbox', { name: 'Proposed wording' }).fill('Another wording.')
    await form.getByRole('button', { name: 'Propose' }).click()
    const proposal = chair.page.locator('.rt-clause-panel .rt-proposal-open', { hasText: 'Another wording.' })
    await proposal.getByRole('button', { name: 'Decline' }).click()
    const reason = chair.page.getByRole('dialog', { name: 'Reason' })
    await reason.getByRole('textbox', { name: 'Reason' }).fill('Outside the mandate.')
    await reason.getByRole('button', { name: 'Decline' }).click()
    await chile.page.locator('.rt-proposal-declined', { hasText: 'Declined: Outside the mandate.' }).waitFor()
    await screenshot(chile.page, 'proposal-declined')
    await chair.page.locator('.rt-proposal-declined').getByRole('button', { name: 'Reopen' }).click()
    await chile.page
      .locator('.rt-proposal-open', { hasText: 'Another wording.' })
      .getByRole('button', { name: 'Withdraw' })
      .click()
    await chair.page.locator('.rt-proposal-withdrawn', { hasText: 'Another wording.' }).waitFor()
    await chile.context.close()
    await chair.context.close()
  })

  it('12. the invite form offers the UN states, normalises the name and copies the link', async () => {
    const negotiation = await stage.negotiation()
    const chair = await stage.open(negotiation, 'chair')
    await chair.page.getByText('Invite', { exact: true }).click()
    const form = chair.page.getByRole('form', { name: 'Invite someone' })
    const state = form.getByRole('combobox', { name: 'State (for a delegation)' })
    const options = await chair.page
      .locator(`datalist#${await state.getAttribute('list')} option`)
      .evaluateAll((o) => o.map((x) => x.getAttribute('value')))
    expect(options).toHaveLength(195)
    expect(options).toContain('Holy See')
    await state.fill('austria ')
    await form.getByRole('button', { name: 'Create link' }).click()
    await chair.page.getByRole('list', { name: 'Invitations issued' }).getByText('Delegation of Austria').waitFor()
    await form.getByRole('button', { name: 'Copy' }).waitFor()
    await screenshot(chair.page, 'invite-states')
    await chair.context.close()
  })

  it('13. "Positions on this" starts a position on the option; the words are checked; the matrix says "opposes should"', async () => {
    const negotiation = await stage.negotiation()
    const chile = await stage.open(negotiation, 'delegation', 'Chile')
    await placeCursorAfter(chile.page, 'II.2', 'shou')
    await chile.page.keyboard.press('Alt+Enter')
    await chile.page.getByRole('button', { name: 'Positions on this' }).click()
    const form = chile.page.getByRole('form', { name: 'Position of Chile' })
    const target = form.getByRole('textbox', { name: 'On which words (empty: the whole clause)' })
    await eventually(() => target.inputValue()).toBe('should')
    await form.getByRole('combobox', { name: 'Stance' }).selectOption('oppose')
    await target.fill('words that are not there')
    await form.getByRole('button', { name: 'Record position' }).click()
    await chile.page.locator('.rt-notice', { hasText: 'is not in II.2' }).waitFor()
    await target.fill('should')
    await form.getByRole('button', { name: 'Record position' }).click()
    await chile.page.locator('.rt-notice', { hasText: 'Position recorded.' }).waitFor()
    await chile.page.getByRole('tab', { name: 'Positions matrix' }).click()
    const cell = chile.page.locator('td.rt-cell-on-option')
    await eventually(() => cell.textContent()).toBe('opposes should')
    await screenshot(chile.page, 'matrix-on-option')
    await chile.context.close()
  })

  it('14. sign out; a second link asks first; a switcher between negotiations', async () => {
    const first = await stage.negotiation()
    const second = await stage.negotiation()
    const { page, context } = await stage.open(first, 'chair')
    const other = await stage.server.token('delegation', 'Chile', first)
    await page.goto(`${stage.server.url}/?token=${encodeURIComponent(other)}`)
    await page.getByRole('heading', { name: 'Switch to another invitation?' }).waitFor()
    await screenshot(page, 'second-link')
    await page.getByRole('button', { name: /^Stay / }).click()
    await page.waitForSelector('.rt-editor-frame[data-ready] .rt-editor')
    expect(await page.locator('.rt-read-only').count()).toBe(0)

    const everywhere = await stage.server.token('chair', null, null)
    await page.goto(`${stage.server.url}/?negotiation=${second}&token=${encodeURIComponent(everywhere)}`)
    await page.getByRole('button', { name: /^Sign in as / }).click()
    await page.waitForSelector('.rt-editor-frame[data-ready] .rt-editor')
    const switcher = page.getByRole('combobox', { name: 'Negotiation' })
    expect(await switcher.inputValue()).toBe(second)
    await switcher.selectOption(first)
    await page.waitForURL(new RegExp(`negotiation=${first}`))
    await page.waitForSelector('.rt-editor-frame[data-ready] .rt-editor')

    await page.getByRole('button', { name: 'Sign out' }).click()
    await page.getByText('Signed out.').waitFor()
    await page.reload()
    await page.getByText('Open the invitation link you were sent to start.').waitFor()
    await context.close()
  })

  it('15. the link is traded once for an HttpOnly cookie; no request or socket carries the token after that', async () => {
    const negotiation = await stage.negotiation()
    const sent: { url: string; authorization: string | undefined }[] = []
    const sockets: string[] = []
    const { page, context } = await stage.open(negotiation, 'editor', null, async (ctx) => {
      ctx.on('request', (request) => sent.push({ url: request.url(), authorization: request.headers().authorization }))
      ctx.on('page', (p) => p.on('websocket', (ws) => sockets.push(ws.url())))
    })
    // One request carries the token, in a header: the trade for the session.
    const trade = sent.findIndex((r) => new URL(r.url).pathname === '/api/session')
    const token = sent[trade]?.authorization?.replace(/^Bearer /, '') ?? ''
    expect(token).toMatch(/^rt1\./)
    expect(page.url()).not.toContain('token')
    const cookies = await context.cookies()
    expect(cookies).toEqual([
      expect.objectContaining({ name: 'rt_session', httpOnly: true, sameSite: 'Strict', path: '/' }),
    ])
    expect(cookies[0]?.value).not.toContain(token)
    // Before it, only the question "who is this link?" (GET /api/me) saw the token.
    const withToken = sent.filter((r) => r.authorization).map((r) => new URL(r.url).pathname)
    expect(withToken.sort()).toEqual(['/api/me', '/api/session'])
    expect(sent.slice(trade + 1).filter((r) => r.authorization)).toEqual([])
    expect(sent.filter((r) => r.url.includes(token.slice(-20)))).toEqual([])
    expect(sockets.length).toBeGreaterThanOrEqual(2)
    expect(sockets.filter((url) => url.includes('token'))).toEqual([])
    expect(await page.evaluate(() => JSON.stringify({ ...localStorage }))).not.toContain(token.slice(-20))
    // The session carries edits over the socket, and survives a reload without the link.
    await page.reload()
    await page.waitForSelector('.rt-editor-frame[data-ready] .rt-editor')
    await page.locator('.rt-connection[data-state="connected"]').waitFor()
    expect(await page.locator('.rt-read-only').count()).toBe(0)
    await context.close()
  })
})
