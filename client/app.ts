import { TextSelection } from 'prosemirror-state'
import type { EditorView } from 'prosemirror-view'
import { textEditors, type Api, type Me } from './api'
import { h } from './dom'
import { coalesce } from './schedule'
import { NegotiationSession, syncBase, type MetaData } from './collab/session'
import { announce } from './collab/awareness'
import { createEditor } from './editor/setup'
import { editorToolbar } from './editor/toolbar'
import { clauseIndex, findClause } from './editor/clauses'
import { clauseEntryAtCursor, sectionAtCursor } from './editor/cursor-clause'
import { insertProposal } from './editor/proposals'
import { SectionNavigator } from './views/navigator'
import { OpenProposals } from './views/proposals'
import { ClausePanel } from './views/positions'
import { MatrixView } from './views/matrix'
import { ReadingsView } from './views/readings'
import { ConnectionBadge, PresenceList } from './views/presence'
import { Notices } from './views/notices'
import { fileMenu, inviteMenu } from './views/files'
import { Tabs } from './views/tabs'
import { shortcutsHelp } from './views/shortcuts'

/** Everything the app starts from: who the user is and which negotiation. */
export interface AppStart { api: Api; token: string; me: Me; negotiation: string; title: string }

/** Builds the whole screen for one negotiation and connects it. */
export function startApp(root: HTMLElement, start: AppStart): void {
  const { api, me, negotiation } = start
  const canEdit = textEditors.includes(me.role)
  const session = new NegotiationSession(negotiation, start.token, !canEdit, syncBase(location))
  announce(session.awareness, me)
  const notices = new Notices()
  let view: EditorView | null = null
  let meta: MetaData = { positions: [], proposals: [], readings: [] }

  const focusClause = (id: string) => {
    tabs.select('text')
    const clause = view && findClause(view.state.doc, id)
    if (view && clause) jumpTo(view, clause.pos + 1)
  }
  const navigator = new SectionNavigator((pos) => view && jumpTo(view, pos))
  const panel = new ClausePanel({
    api, negotiation, me, notices,
    selectedText: () => (view ? selectionText(view) : ''),
    insertProposal: (p) => !!view && insertProposal(p)(view.state, view.dispatch),
  })
  const matrix = new MatrixView(focusClause)
  const openProposals = canEdit ? new OpenProposals(focusClause) : null
  const readings = new ReadingsView({ api, negotiation, me, notices })
  const badge = new ConnectionBadge(canEdit)
  const frame = h('div', { 'class': 'rt-editor-frame', 'tabindex': -1, 'aria-label': 'Text' }, h('p', { class: 'rt-loading' }, 'Loading the text…'))
  const refreshSummaries = coalesce(() => {
    if (!view) return
    navigator.update(view.state.doc)
    refreshClauseLists()
  }, 120)
  /** The views that list clauses by key: the matrix (when shown) and the open proposals. */
  const refreshClauseLists = () => {
    const proposalsToList = !!openProposals && (meta.proposals.some((p) => p.status === 'open') || !openProposals.element.hidden)
    if (!view || (tabs.current !== 'matrix' && !proposalsToList)) return
    const clauses = clauseIndex(view.state.doc)
    if (tabs.current === 'matrix') matrix.update(clauses, meta.positions)
    if (proposalsToList) openProposals!.update(meta.proposals, clauses)
  }

  // The side views follow the cursor a moment later, off the typing path.
  const followCursor = coalesce(() => {
    if (!view) return
    panel.showClause(clauseEntryAtCursor(view.state))
    navigator.highlight(sectionAtCursor(view.state))
  }, 80)

  const tabs = new Tabs([
    { id: 'text', label: 'Text', panel: h('div', { class: 'rt-text-layout' }, h('div', { class: 'rt-side' }, navigator.element, openProposals?.element),
      h('div', { class: 'rt-editor-column' }, canEdit && editorToolbar(() => view), frame), panel.element) },
    { id: 'compare', label: 'Readings & comparison', panel: readings.element },
    { id: 'matrix', label: 'Positions matrix', panel: matrix.element },
  ], (id) => { if (id === 'matrix') refreshClauseLists() })

  root.replaceChildren(
    h('header', { class: 'rt-header' },
      h('h1', { class: 'rt-title', dir: 'auto' }, start.title),
      tabs.list,
      h('div', { class: 'rt-header-tools' },
        new PresenceList(session.awareness).element, badge.element,
        !canEdit && h('span', { class: 'rt-read-only', title: 'Only the chair and editors change the text; you can record positions and propose wording.' }, 'Text read only'),
        fileMenu(api, negotiation, me, notices),
        me.role === 'chair' && inviteMenu(api, negotiation, notices),
        shortcutsHelp())),
    h('main', { class: 'rt-main' }, tabs.panels),
    notices.element)

  session.onConnection((state) => {
    badge.show(state)
    // Without a connection and without a copy in this browser there is no text to show yet.
    if (!frame.dataset.ready && (state.kind === 'offline' || state.kind === 'refused')) {
      frame.replaceChildren(h('p', { class: 'rt-loading', role: 'status' },
        state.kind === 'refused' ? state.message : 'Waiting for the server: this browser has no copy of the text yet.'))
    }
  })
  session.onMeta((data) => {
    meta = data
    panel.setData(data.positions, data.proposals)
    readings.setReadings(data.readings)
    refreshClauseLists()
  })
  api.readings(negotiation).then((list) => { if (!meta.readings.length) readings.setReadings(list) }, (e) => notices.error(e))

  session.whenTextReady().then(() => {
    // The server seeds every negotiation's text; an empty one is a server fault.
    if (session.fragment.length === 0) return frame.replaceChildren(h('p', { role: 'alert' }, 'This negotiation has no text on the server.'))
    frame.replaceChildren()
    view = createEditor(frame, {
      fragment: session.fragment,
      awareness: session.awareness,
      canEdit,
      onShowPositions: (group) => panel.showTargets(group.options),
      onUpdate: (v, previous) => {
        if (v.state.doc === previous.doc && v.state.selection.eq(previous.selection)) return
        followCursor()
        if (v.state.doc !== previous.doc) refreshSummaries()
      },
    })
    frame.dataset.ready = 'true'
    navigator.update(view.state.doc)
    performance.mark('rt-editable')
  })
}

/** Puts the cursor at `pos`, scrolls it to the top of the text and focuses it. */
function jumpTo(view: EditorView, pos: number): void {
  view.dispatch(view.state.tr.setSelection(TextSelection.near(view.state.doc.resolve(pos))))
  const { node } = view.domAtPos(pos)
  const element = node instanceof Element ? node : node.parentElement
  element?.closest('.rt-clause, .rt-section')?.scrollIntoView({ block: 'start' })
  view.focus()
}

/** The selected text, for prefilling what a position or proposal is about. */
function selectionText(view: EditorView): string {
  const { from, to } = view.state.selection
  return view.state.doc.textBetween(from, to, ' ').trim()
}
