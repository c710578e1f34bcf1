import { Document, Packer, Paragraph } from 'docx'
import { EditorState, TextSelection } from 'prosemirror-state'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { bracketDepthPlugin } from '../../../client/editor/bracket-depth'
import { CloseCode } from '../../../server/core/close-codes'
import { importDocx } from '../../../server/formats/docx-import'
import { bracketDepth } from '../../../shared/brackets/depth'
import { wrapInBrackets } from '../../../shared/brackets/commands'
import { importPlainText } from '../../../shared/formats/plain-text'
import { parseNotation } from '../../../shared/notation/parse'
import { maxBracketDepth } from '../../../shared/schema/rules'
import { connectClient, textOf, type Client } from '../../harness/clients'
import { on, until } from '../../harness/events'
import { startTestServer, type TestServer } from '../../harness/server'

// Issue 15, point 8: one nesting limit, enforced alike by the notation
// parser, the importers, the editor and the server.

const nested = (depth: number, inner = 'x') => '['.repeat(depth) + inner + ']'.repeat(depth)
const notation = (depth: number) => `# I. Title\n1. States ${nested(depth)} shall.\n`

let server: TestServer
const clients: Client[] = []
beforeAll(async () => {
  server = await startTestServer()
})
afterAll(async () => {
  for (const c of clients) c.destroy()
  await server.stop()
})

describe(`brackets nest at most ${maxBracketDepth} deep`, () => {
  it('the notation parser takes the limit and refuses one more, with line and column', () => {
    const ok = parseNotation(notation(maxBracketDepth))
    expect(ok.ok && bracketDepth(ok.doc)).toBe(maxBracketDepth)
    for (const depth of [maxBracketDepth + 1, 700, 5000]) {
      const parsed = parseNotation(notation(depth))
      expect(parsed.ok).toBe(false)
      if (!parsed.ok) {
        expect(parsed.error).toMatchObject({ line: 2, column: 11 + maxBracketDepth })
        expect(parsed.error.message).toBe(`brackets nest deeper than ${maxBracketDepth} levels`)
      }
    }
  })

  it('the importers keep a too-deep paragraph as plain text, with a warning', async () => {
    const text = importPlainText(`1. States ${nested(700)} shall.\n`)
    expect(text.ok).toBe(true)
    if (text.ok) {
      expect(bracketDepth(text.doc)).toBe(0)
      expect(text.warnings.map((w) => w.message).join('\n')).toContain(`deeper than ${maxBracketDepth} levels`)
    }
    const bytes = await Packer.toBuffer(
      new Document({ sections: [{ children: [new Paragraph('I. Title'), new Paragraph(`1. A ${nested(40)}.`)] }] }),
    )
    const word = await importDocx(new Uint8Array(bytes))
    expect(word.ok).toBe(true)
    if (word.ok) {
      expect(bracketDepth(word.doc)).toBe(0)
      expect(word.warnings.map((w) => w.message).join('\n')).toContain(`deeper than ${maxBracketDepth} levels`)
    }
  })

  it('the editor refuses to bracket past the limit, and any change that would nest deeper', () => {
    const parsed = parseNotation(notation(maxBracketDepth))
    if (!parsed.ok) throw new Error('the fixture parses')
    let state = EditorState.create({ doc: parsed.doc, plugins: [bracketDepthPlugin()] })
    let innermost = 0
    state.doc.descendants((node, pos) => {
      if (node.isText && node.text === 'x') innermost = pos
    })
    state = state.apply(state.tr.setSelection(TextSelection.create(state.doc, innermost, innermost + 1)))
    expect(wrapInBrackets(state)).toBe(false)
    // A paste (or any other change) of a deeper group is filtered out.
    const deeper = parseNotation(notation(maxBracketDepth + 1).replace(nested(maxBracketDepth + 1), '[y]'))
    if (!deeper.ok) throw new Error('the fixture parses')
    const group = deeper.doc.firstChild?.child(1).child(1)
    if (!group) throw new Error('the fixture has a group')
    const pasted = state.applyTransaction(state.tr.replaceSelectionWith(group))
    expect(pasted.state.doc.eq(state.doc)).toBe(true)
    // Within the limit the same command works.
    const shallow = parseNotation(notation(3))
    if (!shallow.ok) throw new Error('the fixture parses')
    let within = EditorState.create({ doc: shallow.doc, plugins: [bracketDepthPlugin()] })
    let x = 0
    within.doc.descendants((node, pos) => {
      if (node.isText && node.text === 'x') x = pos
    })
    within = within.apply(within.tr.setSelection(TextSelection.create(within.doc, x, x + 1)))
    expect(wrapInBrackets(within, (tr) => (within = within.apply(tr)))).toBe(true)
    expect(bracketDepth(within.doc)).toBe(4)
  })

  /** Offers a clause whose text holds groups nested `depth` deep, built one
   *  level at a time (Yjs integrates a deep prepared tree recursively). */
  async function offer(depth: number): Promise<Client> {
    const c = connectClient(server.wsUrl, server.negotiation.id, await server.token('editor'))
    clients.push(c)
    await c.synced()
    const section = c.doc.getXmlFragment('prosemirror').get(0) as Y.XmlElement
    c.doc.transact(() => {
      const clause = new Y.XmlElement('clause')
      section.insert(1, [clause])
      clause.setAttribute('id', `c-deep${depth}`)
      clause.insert(0, [new Y.XmlText('States ')])
      let parent = clause
      for (let i = 0; i < depth; i++) {
        const group = new Y.XmlElement('bracket_group')
        parent.insert(parent.length, [group])
        const option = new Y.XmlElement('option')
        group.insert(0, [option])
        parent = option
      }
      parent.insert(0, [new Y.XmlText('x')])
    })
    return c
  }

  it('the server refuses an update nesting deeper, with 4400 naming [brackets.depth]', async () => {
    for (const depth of [maxBracketDepth + 1, 700]) {
      const c = await offer(depth)
      await until(() => c.closes.length > 0, on([[c.provider, 'connection-close']]), 'the refusal')
      expect(c.closes[0].code).toBe(CloseCode.malformed)
      expect(c.closes[0].reason).toContain('[brackets.depth]')
    }
    const c = await offer(maxBracketDepth)
    const room = server.rooms.get(server.negotiation.id)
    if (!room) throw new Error('the room is not loaded')
    await until(
      () => textOf(room.currentDoc()).includes('c-deep32'),
      on([[room, 'stored']]),
      'the deepest allowed clause',
    )
    expect(c.closes).toEqual([])
  })
})
