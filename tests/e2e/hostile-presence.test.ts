import type { BrowserContext, Request, WebSocketRoute } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { encodeAwarenessEntries } from '../../server/core/awareness'
import { CloseCode } from '../../server/core/close-codes'
import * as Y from 'yjs'
import { encodeMessage, writeAwareness, writeSyncStep1 } from '../../server/core/protocol'
import { RawSocket } from '../harness/clients'
import {
  browserAvailable,
  clauseText,
  eventually,
  placeCursorAfter,
  screenshot,
  startStage,
  type Stage,
} from './browser'

// Issue 15, points 1 and 2 in the browser: whatever presence another
// participant announces, the chair's editor keeps working, nothing throws on
// the page, and nothing makes the page request anything from anywhere else.

// Each is refused by the server, except the one whose positions are well
// formed but point at nothing this text has: only a browser can tell.
const wellFormed = 2
const hostile = [
  { cursor: { anchor: {}, head: {} } },
  { cursor: { anchor: null, head: null } },
  { cursor: { anchor: { item: { client: 1, clock: 99_999 } }, head: { tname: 'nowhere' } } },
  { cursor: 'x', user: { name: 'Mallory', color: 'red' } },
  {
    user: { name: '<img src=//evil.invalid/i onerror=alert(1)>', color: '";background:url(//evil.invalid/p)' },
    cursor: { anchor: {}, head: {} },
  },
  { user: { name: 'Mallory', color: '#1f6fb2;background-image:url(//evil.invalid/q)', role: 'chair' } },
]

describe.runIf(browserAvailable())('hostile presence in the browser', () => {
  let stage: Stage
  const foreign: string[] = []
  beforeAll(async () => {
    stage = await startStage()
  }, 60_000)
  afterAll(async () => {
    await stage?.stop()
    expect(stage?.pageErrors ?? []).toEqual([])
  })

  /** Records every request a page makes that is not to our server. */
  const watchRequests = async (context: BrowserContext) => {
    const ours = new URL(stage.server.url).host
    context.on('request', (r: Request) => {
      if (new URL(r.url()).host !== ours) foreign.push(r.url())
    })
  }

  it('the server refuses a bad cursor or colour from an observer; the chair edits on', async () => {
    const negotiation = await stage.negotiation()
    const chair = await stage.open(negotiation, 'chair', null, watchRequests)
    const editor = await stage.open(negotiation, 'editor', null, watchRequests)
    for (const [i, state] of hostile.entries()) {
      const token = await stage.server.token('observer', null, negotiation)
      const s = new RawSocket(`${stage.server.wsUrl}/${negotiation}?token=${encodeURIComponent(token)}`)
      await s.opened()
      s.send(encodeMessage((e) => writeAwareness(e, encodeAwarenessEntries([{ clientID: 9000 + i, clock: 1, state }]))))
      if (i === wellFormed) {
        s.send(encodeMessage((e) => writeSyncStep1(e, new Y.Doc())))
        await s.frame((f) => f[0] === 0 && f[1] === 1)
        expect(s.closeEvent).toBeNull()
        s.close()
      } else {
        expect((await s.closed()).code).toBe(CloseCode.malformed)
      }
    }
    await placeCursorAfter(editor.page, 'I.3', 'The characterization')
    await editor.page.keyboard.type(' as refused')
    await eventually(() => clauseText(chair.page, 'I.3')).toMatch(/^The characterization as refused/)
    expect(foreign).toEqual([])
    await chair.context.close()
    await editor.context.close()
  })

  it("a bad remote cursor or colour that reaches the browser is ignored: the chair's editor keeps syncing", async () => {
    const negotiation = await stage.negotiation()
    // Frames injected into the chair's text-room socket, past the server.
    let textRoom: WebSocketRoute | null = null
    const intercept = async (context: BrowserContext) => {
      await watchRequests(context)
      await context.routeWebSocket(/\/sync\//, (ws) => {
        const server = ws.connectToServer()
        if (!/%3Ameta|:meta/.test(ws.url())) textRoom = ws
        ws.onMessage((m) => server.send(m))
        server.onMessage((m) => ws.send(m))
      })
    }
    const chair = await stage.open(negotiation, 'chair', null, intercept)
    const editor = await stage.open(negotiation, 'editor', null, watchRequests)
    await placeCursorAfter(chair.page, 'I.3', 'The characterization')
    const route = textRoom as WebSocketRoute | null
    if (!route) throw new Error("the chair's text room socket was not seen")
    for (const [i, state] of hostile.entries()) {
      const frame = encodeMessage((e) =>
        writeAwareness(e, encodeAwarenessEntries([{ clientID: 9100 + i, clock: 1, state }])),
      )
      route.send(Buffer.from(frame))
    }
    // Remote edits still arrive, and the chair's own still go out.
    await placeCursorAfter(editor.page, 'I.3', 'does not prejudge any outcome')
    await editor.page.keyboard.type(' of the talks')
    await eventually(() => clauseText(chair.page, 'I.3')).toMatch(/does not prejudge any outcome of the talks/)
    await chair.page.keyboard.type(' as such')
    await eventually(() => clauseText(editor.page, 'I.3')).toMatch(/^The characterization as such/)
    // The editor's caret is drawn on the chair's page in its own colour; none
    // of the hostile ones is, and no hostile name is markup.
    await chair.page.locator('.ProseMirror-yjs-cursor', { hasText: 'Editor' }).waitFor()
    const styles = await chair.page.locator('[style]').evaluateAll((els) => els.map((e) => e.getAttribute('style')))
    expect(styles.join('\n')).not.toMatch(/url\(|evil/)
    expect(await chair.page.locator('img').count()).toBe(0)
    await screenshot(chair.page, 'hostile-presence')
    expect(foreign).toEqual([])
    await chair.context.close()
    await editor.context.close()
  })
})
