import { EditorState } from 'prosemirror-state'
import { EditorView } from 'prosemirror-view'
import type * as Y from 'yjs'
import type { Awareness } from 'y-protocols/awareness'
import { initProseMirrorDoc, ySyncPlugin, yUndoPlugin } from 'y-prosemirror'
import { schema } from '../../shared/schema/schema'
import { clauseIdsPlugin } from './clause-ids'
import { numberingPlugin } from './numbering'
import { editorKeymaps } from './keymap'
import { OptionView } from './option-view'
import { emptyOptionInput } from './empty-option'
import { groupMenuPlugin, type GroupMenuOptions } from './group-menu'
import { remoteCursorsPlugin } from './remote-cursors'
import { colleaguesPlugin } from './colleagues'
import { structurePlugin } from './structure'
import { spansPlugin } from './spans'
import { spanMenuPlugin } from './span-menu'
import { bracketInputPlugin } from './bracket-input'
import { bracketDepthPlugin } from './bracket-depth'
import { adrefGuardPlugin } from './adref-guard'

/** What the editor is bound to and who is using it. */
export interface EditorSetup {
  /** The shared text: `ydoc.getXmlFragment('prosemirror')`. */
  fragment: Y.XmlFragment
  awareness: Awareness
  /** Chair and editors change the text; delegations and observers read it. */
  canEdit: boolean
  /** Called after every transaction, with the state before it. */
  onUpdate: (view: EditorView, previous: EditorState) => void
  onShowPositions: GroupMenuOptions['onShowPositions']
  /** Shows the user a short message (a refused move, say). */
  notify?: (message: string) => void
  /** The chair may change agreed text, once asked through `confirm`. */
  mayChangeAgreed?: boolean
  /** Asks the user to confirm a step; resolves to the answer. */
  confirm?: (message: string) => Promise<boolean>
}

/** Mounts the rolling-text editor bound to the shared Yjs document. The first
 *  state is read from the fragment, so the editor starts with the synced text
 *  and never writes an empty placeholder document back to it. */
export function createEditor(mount: HTMLElement, setup: EditorSetup): EditorView {
  const { doc, mapping } = initProseMirrorDoc(setup.fragment, schema)
  const canEdit = () => setup.canEdit
  const state = EditorState.create({
    schema,
    doc,
    plugins: [
      ySyncPlugin(setup.fragment, { mapping }),
      remoteCursorsPlugin(setup.awareness),
      yUndoPlugin(),
      colleaguesPlugin({ awareness: setup.awareness, notify: setup.notify ?? (() => {}) }),
      ...editorKeymaps(),
      emptyOptionInput(),
      bracketInputPlugin(canEdit),
      numberingPlugin(),
      clauseIdsPlugin(canEdit),
      structurePlugin(canEdit),
      spansPlugin(canEdit),
      bracketDepthPlugin(),
      adrefGuardPlugin({
        mayUnlock: () => setup.mayChangeAgreed === true,
        confirm: setup.confirm ?? (() => Promise.resolve(false)),
      }),
      groupMenuPlugin({ canEdit, onShowPositions: setup.onShowPositions }),
      spanMenuPlugin(canEdit),
    ],
  })
  const view: EditorView = new EditorView(mount, {
    state,
    editable: canEdit,
    nodeViews: { option: (node) => new OptionView(node) },
    attributes: {
      class: 'rt-editor',
      role: 'textbox',
      'aria-multiline': 'true',
      'aria-label': setup.canEdit ? 'Rolling text' : 'Rolling text (read only)',
      'aria-readonly': String(!setup.canEdit),
      spellcheck: 'true',
      // Read-only text is still reached by Tab, to read it and open bracket menus.
      ...(setup.canEdit ? {} : { tabindex: '0' }),
    },
    dispatchTransaction(tr) {
      const previous = view.state
      view.updateState(previous.apply(tr))
      setup.onUpdate(view, previous)
    },
  })
  return view
}
