// @vitest-environment happy-dom
import { present } from '../../../shared/present'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { applyAwarenessUpdate, Awareness, encodeAwarenessUpdate } from 'y-protocols/awareness'
import { absolutePositionToRelativePosition, prosemirrorToYXmlFragment, ySyncPluginKey } from 'y-prosemirror'
import type { EditorView } from 'prosemirror-view'
import { doc, section, p, g } from '../../builders'
import { createEditor } from '../../../client/editor/setup'
import { clauses, posOf } from '../helpers'
import { TextSelection } from 'prosemirror-state'

/** Two editors on two Yjs documents that pass every update to each other, as
 *  the server would. */
function pair(canEditB = true) {
  const a = new Y.Doc()
  const b = new Y.Doc()
  a.on('update', (u: Uint8Array, origin: unknown) => {
    if (origin !== 'peer') Y.applyUpdate(b, u, 'peer')
  })
  b.on('update', (u: Uint8Array, origin: unknown) => {
    if (origin !== 'peer') Y.applyUpdate(a, u, 'peer')
  })
  prosemirrorToYXmlFragment(
    doc(section('I', 'Title', p('States ', g('shall', 'should'), ' act.', { id: 'c-1' }))),
    a.getXmlFragment('prosemirror'),
  )
  const mount = (ydoc: Y.Doc, canEdit: boolean) => {
    const host = document.body.appendChild(document.createElement('div'))
    host.appendChild(document.createElement('div'))
    return createEditor(host.firstElementChild as HTMLElement, {
      fragment: ydoc.getXmlFragment('prosemirror'),
      awareness: new Awareness(ydoc),
      canEdit,
      onUpdate: () => {},
      onShowPositions: () => {},
    })
  }
  return { a: mount(a, true), b: mount(b, canEditB) }
}

function press(view: EditorView, key: string, init: KeyboardEventInit = {}): boolean {
  const event = new KeyboardEvent('keydown', { key, ...init })
  return view.someProp('handleKeyDown', (f) => f(view, event)) ?? false
}

describe('the editor bound to Yjs', () => {
  it('starts from the shared text and shows computed numbers', () => {
    const { b } = pair()
    expect(clauses(b.state.doc)[0].text).toBe('States [shall][should] act.')
    expect(present(b.dom.querySelector('.rt-clause')).getAttribute('data-number')).toBe('1.')
    expect(b.dom.querySelectorAll('.rt-option-text')).toHaveLength(2)
  })

  it('passes edits to the other editor', () => {
    const { a, b } = pair()
    a.dispatch(a.state.tr.insertText('Parties and ', posOf(a.state.doc, 'States')))
    expect(clauses(b.state.doc)[0].text).toBe('Parties and States [shall][should] act.')
  })

  it('Enter makes a new clause with its own id, numbered 2., on both sides', () => {
    const { a, b } = pair()
    a.dispatch(a.state.tr.setSelection(TextSelection.create(a.state.doc, posOf(a.state.doc, ' act.'))))
    expect(press(a, 'Enter')).toBe(true)
    const [first, second] = clauses(b.state.doc)
    expect(first.id).toBe('c-1')
    expect(second.id).toMatch(/^c-[0-9a-z]{10}$/)
    expect([...b.dom.querySelectorAll('.rt-clause')].map((el) => el.getAttribute('data-number'))).toEqual(['1.', '2.'])
  })

  it('Ctrl-[ brackets the selection and Tab makes a sub-paragraph of the paragraph above', () => {
    const { a } = pair()
    const from = posOf(a.state.doc, 'act')
    a.dispatch(a.state.tr.setSelection(TextSelection.create(a.state.doc, from, from + 3)))
    expect(press(a, '[', { ctrlKey: true })).toBe(true)
    expect(clauses(a.state.doc)[0].text).toBe('States [shall][should] [act].')
    press(a, 'Tab')
    // The first paragraph of a section has no paragraph to be a sub-paragraph of.
    expect(present(a.dom.querySelector('.rt-clause')).getAttribute('data-number')).toBe('1.')
    press(a, 'Enter')
    press(a, 'Tab')
    expect([...a.dom.querySelectorAll('.rt-clause')].map((el) => el.getAttribute('data-number'))).toEqual(['1.', '(a)'])
  })

  it('is read-only for delegations and observers', () => {
    const { b } = pair(false)
    expect(b.editable).toBe(false)
    expect(b.dom.getAttribute('aria-readonly')).toBe('true')
  })

  it('shows the bracket menu when the cursor is in a group', () => {
    const { a } = pair()
    a.dispatch(a.state.tr.setSelection(TextSelection.create(a.state.doc, posOf(a.state.doc, 'hall'))))
    const menu = present(present(a.dom.parentElement).querySelector<HTMLElement>('.rt-group-menu'))
    expect(menu.hidden).toBe(false)
    const accept = present(
      [...menu.querySelectorAll('button')].find((b) => b.getAttribute('aria-label') === 'Accept option 2: should'),
    )
    accept.click()
    expect(clauses(a.state.doc)[0].text).toBe('States should act.')
    expect(menu.hidden).toBe(true)
  })
})

describe('numbers after remote changes', () => {
  it('stay on every clause when a colleague types', () => {
    const { a, b } = pair()
    a.dispatch(a.state.tr.insertText('All ', posOf(a.state.doc, 'States')))
    expect(present(b.dom.querySelector('.rt-clause')).getAttribute('data-number')).toBe('1.')
    expect(present(b.dom.querySelector('.rt-clause')).getAttribute('data-key')).toBe('I.1')
  })
})

describe('arrows at a bracket', () => {
  it('step out of the group, or into the next alternative', () => {
    const { a } = pair()
    const endOfShould = posOf(a.state.doc, 'should', 6)
    a.dispatch(a.state.tr.setSelection(TextSelection.create(a.state.doc, endOfShould)))
    expect(press(a, 'ArrowRight')).toBe(true)
    a.dispatch(a.state.tr.insertText('!'))
    expect(clauses(a.state.doc)[0].text).toBe('States [shall][should]! act.')
    a.dispatch(a.state.tr.setSelection(TextSelection.create(a.state.doc, posOf(a.state.doc, 'shall', 5))))
    press(a, 'ArrowRight')
    expect(a.state.selection.$from.parent.textContent).toBe('should')
    expect(a.state.selection.$from.parentOffset).toBe(0)
  })

  it('move as usual inside the text', () => {
    const { a } = pair()
    a.dispatch(a.state.tr.setSelection(TextSelection.create(a.state.doc, posOf(a.state.doc, 'shall', 2))))
    expect(press(a, 'ArrowRight')).toBe(false)
  })
})

describe('moving a clause while a colleague is in it', () => {
  /** An editor on one document, and a colleague on another (kept in sync,
   *  presence included) whose caret the test places. */
  function withColleague() {
    const mine = new Y.Doc()
    const theirs = new Y.Doc()
    mine.on('update', (u: Uint8Array, origin: unknown) => {
      if (origin !== 'peer') Y.applyUpdate(theirs, u, 'peer')
    })
    theirs.on('update', (u: Uint8Array, origin: unknown) => {
      if (origin !== 'peer') Y.applyUpdate(mine, u, 'peer')
    })
    prosemirrorToYXmlFragment(
      doc(section('I', 'Title', p('First.', { id: 'c-1' }), p('Second.', { id: 'c-2' }), p('Third.', { id: 'c-3' }))),
      theirs.getXmlFragment('prosemirror'),
    )
    const [myPresence, theirPresence] = [new Awareness(mine), new Awareness(theirs)]
    theirPresence.on('update', ({ added, updated, removed }: Record<string, number[]>) => {
      applyAwarenessUpdate(myPresence, encodeAwarenessUpdate(theirPresence, [...added, ...updated, ...removed]), 'peer')
    })
    theirPresence.setLocalStateField('user', { name: 'Editor 2', color: '#123456', role: 'editor', state: null })
    const notices: string[] = []
    const host = document.body.appendChild(document.createElement('div'))
    const view = createEditor(host, {
      fragment: mine.getXmlFragment('prosemirror'),
      awareness: myPresence,
      canEdit: true,
      onUpdate: () => {},
      onShowPositions: () => {},
      notify: (m) => notices.push(m),
    })
    /** Puts the colleague's caret just before `text`. */
    const colleagueAt = (text: string) => {
      const sync = present(ySyncPluginKey.getState(view.state))
      const at = Y.relativePositionToJSON(
        absolutePositionToRelativePosition(posOf(view.state.doc, text), sync.type, sync.binding.mapping),
      )
      theirPresence.setLocalStateField('cursor', { anchor: at, head: at })
    }
    return { view, notices, colleagueAt }
  }

  const order = (view: EditorView) => clauses(view.state.doc).map((c) => c.text)

  it('is refused, with a notice, while their caret is in a clause the move rewrites; it goes ahead once they leave', () => {
    const { view, notices, colleagueAt } = withColleague()
    colleagueAt('Second.')
    view.dispatch(view.state.tr.setSelection(TextSelection.create(view.state.doc, posOf(view.state.doc, 'Third'))))
    expect(press(view, 'ArrowUp', { altKey: true })).toBe(true)
    expect(order(view)).toEqual(['First.', 'Second.', 'Third.'])
    expect(notices).toEqual([
      expect.stringMatching(/^Not moved: Editor 2 \(editor\) is in this clause or the one it would pass/),
    ])

    colleagueAt('First.')
    expect(press(view, 'ArrowUp', { altKey: true })).toBe(true)
    expect(order(view)).toEqual(['First.', 'Third.', 'Second.'])
    expect(notices).toHaveLength(1)
  })
})
