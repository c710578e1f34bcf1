import { TextSelection } from 'prosemirror-state'
import type { EditorView } from 'prosemirror-view'
import { may } from '../shared/protocol/roles'
import type { Me, Negotiation } from '../shared/protocol/wire'
import type { Api } from './api'
import { h } from './dom'
import { coalesce } from './schedule'
import { NegotiationSession, syncBase, type MetaData } from './collab/session'
import { announce } from './collab/awareness'
import type { ConnectionState } from './collab/connection'
import { createEditor } from './editor/setup'
import { editorToolbar } from './editor/toolbar'
import { clauseIndex, findClause, notationOf, readableNotation } from './editor/clauses'
import { clauseEntryAtCursor, sectionAtCursor } from './editor/cursor-clause'
import { groupsOf, insertProposal, selectedOccurrence, wholeClause, type Placement } from './editor/proposals'
import { chooseProposalPlace } from './views/proposal-place'
import { applyReferenceFix, type ReferenceFix } from './editor/reference-fix'
import type { Proposal } from '../shared/positions/position'
import { docFromJSON } from '../shared/schema/schema'
import { SectionNavigator } from './views/navigator'
import { OpenProposals } from './views/proposals'
import { ClausePanel } from './views/clause-panel'
import { MatrixView } from './views/matrix'
import { ReadingsView } from './views/readings'
import { ConnectionBadge, PresenceList } from './views/presence'
import { Notices } from './views/notices'
import { fileMenu, inviteMenu } from './views/files'
import { Tabs } from './views/tabs'
import { shortcutsHelp } from './views/shortcuts'
import { confirmStep } from './views/confirm'
import { OfflineEdits } from './collab/offline-edits'

/** Everything the app starts from: who the user is and which negotiation. */
export interface AppStart {
  api: Api
  me: Me
  negotiation: string
  title: string
  /** Every negotiation this token opens (a switcher shows when there are several). */
  negotiations: Negotiation[]
  signOut: () => void
}

/** Builds the whole screen for one negotiation and connects it. */
export function startApp(root: HTMLElement, start: AppStart): void {
  new NegotiationApp(root, start)
}

/** One negotiation on screen: the views, the shared documents and the
 *  editor, and the wiring between them. */
class NegotiationApp {
  private readonly canEdit: boolean
  private readonly session: NegotiationSession
  private readonly notices = new Notices()
  private view: EditorView | null = null
  private meta: MetaData = { positions: [], proposals: [], readings: [] }
  private readonly navigator = new SectionNavigator((pos) => this.view && jumpTo(this.view, pos))
  private readonly matrix: MatrixView
  private readonly openProposals: OpenProposals | null
  private readonly panel: ClausePanel
  private readonly readings: ReadingsView
  private readonly badge: ConnectionBadge
  private readonly frame = h(
    'div',
    { class: 'rt-editor-frame', tabindex: -1, 'aria-label': 'Text' },
    h('p', { class: 'rt-loading' }, 'Loading the text…'),
  )
  private readonly tabs: Tabs
  private readonly offlineEdits: OfflineEdits
  private connection: ConnectionState['kind'] = 'connecting'

  /** Counts and lists that summarise the whole text follow edits a moment later. */
  private readonly refreshSummaries = coalesce(() => {
    if (!this.view) return
    this.navigator.update(this.view.state.doc)
    this.refreshClauseLists()
  }, 120)

  /** The side views follow the cursor a moment later, off the typing path. */
  private readonly followCursor = coalesce(() => {
    if (!this.view) return
    this.panel.showClause(clauseEntryAtCursor(this.view.state))
    this.navigator.highlight(sectionAtCursor(this.view.state))
  }, 80)

  constructor(
    root: HTMLElement,
    private readonly start: AppStart,
  ) {
    const { api, me, negotiation } = start
    this.canEdit = may(me.role, 'edit-text')
    this.session = new NegotiationSession(negotiation, !this.canEdit, syncBase(location))
    this.offlineEdits = new OfflineEdits(negotiation, localStorage, (edit, actions) =>
      this.notices.show(
        `${edit.key} was deleted by a colleague while you were offline; your edit to it was not kept: “${readableNotation(edit.text)}”`,
        'error',
        [
          { label: 'Copy the text', run: () => actions.copy().then(() => false) },
          {
            label: 'Restore as a new clause',
            run: () => {
              actions.restore()
              return true
            },
          },
        ],
      ),
    )
    announce(this.session.awareness, me)
    this.badge = new ConnectionBadge(this.canEdit)
    this.openProposals = this.canEdit ? new OpenProposals((id) => this.focusClause(id)) : null
    this.matrix = new MatrixView((id) => this.focusClause(id), {
      load: (reading) => api.matrixAsOf(negotiation, reading),
      notices: this.notices,
    })
    this.readings = new ReadingsView({
      api,
      negotiation,
      me,
      notices: this.notices,
      ...(this.canEdit && {
        applyReference: (fix: ReferenceFix) =>
          this.view ? applyReferenceFix(this.view, fix) : { ok: false, message: 'The text is not loaded yet.' },
      }),
    })
    this.panel = new ClausePanel({
      api,
      negotiation,
      me,
      notices: this.notices,
      selectedText: () => (this.view ? selectionText(this.view) : ''),
      selectedOccurrence: (clauseId: string, target: string) => {
        const view = this.view
        const clause = view && findClause(view.state.doc, clauseId)
        return view && clause ? selectedOccurrence(view.state.doc, clause.pos, target, view.state.selection.from) : 0
      },
      insertProposal: (p) => this.placeProposal(p),
      ...(start.me.role === 'chair' && {
        restoreFromReading: (clauseId: string, readingId: string) => this.restoreFromReading(clauseId, readingId),
      }),
    })
    this.tabs = new Tabs(
      [
        { id: 'text', label: 'Text', panel: this.textLayout() },
        { id: 'compare', label: 'Readings & comparison', panel: this.readings.element },
        { id: 'matrix', label: 'Positions matrix', panel: this.matrix.element },
      ],
      (id) => {
        if (id === 'matrix') this.refreshClauseLists()
      },
    )
    const skip = h(
      'a',
      {
        href: '#rt-text',
        class: 'rt-skip-link',
        onclick: (e: Event) => {
          e.preventDefault()
          this.tabs.select('text')
          if (this.view) this.view.focus()
          else this.frame.focus()
        },
      },
      'Skip to the text',
    )
    this.frame.id = 'rt-text'
    this.frame.addEventListener('keydown', (e) => leaveFrameByTab(this.frame, e))
    root.replaceChildren(skip, this.header(), h('main', { class: 'rt-main' }, this.tabs.panels), this.notices.element)
    root.addEventListener('keydown', closeMenuOnEscape)
    this.connect()
  }

  /** Sections and open proposals, the text with its toolbar, the clause panel. */
  private textLayout(): HTMLElement {
    return h(
      'div',
      { class: 'rt-text-layout' },
      h('div', { class: 'rt-side' }, this.navigator.element, this.openProposals?.element),
      h(
        'div',
        { class: 'rt-editor-column' },
        this.canEdit && editorToolbar(() => this.view, may(this.start.me.role, 'manage-readings')),
        this.frame,
      ),
      this.panel.element,
    )
  }

  /** Title, views, who is online, the connection, menus: always visible. */
  private header(): HTMLElement {
    const { api, me, negotiation, title } = this.start
    return h(
      'header',
      { class: 'rt-header' },
      h('h1', { class: 'rt-title', dir: 'auto' }, title),
      this.tabs.list,
      h(
        'div',
        { class: 'rt-header-tools' },
        new PresenceList(this.session.awareness).element,
        this.badge.element,
        !this.canEdit &&
          h(
            'span',
            {
              class: 'rt-read-only',
              title: 'Only the chair and editors change the text; you can record positions and propose wording.',
            },
            'Text read only',
          ),
        fileMenu(api, negotiation, me, this.notices),
        may(me.role, 'invite') && inviteMenu(api, negotiation, me, this.notices),
        shortcutsHelp(),
        this.start.negotiations.length > 1 && negotiationSwitcher(this.start.negotiations, negotiation),
        h(
          'button',
          {
            type: 'button',
            class: 'rt-quiet',
            title: `Signed in as ${me.name}`,
            onclick: () => {
              this.session.destroy()
              this.start.signOut()
            },
          },
          'Sign out',
        ),
      ),
    )
  }

  private connect(): void {
    this.session.onConnection((state) => this.showConnection(state))
    this.session.onMeta((data) => {
      this.meta = data
      this.panel.setData(data.positions, data.proposals)
      this.readings.setReadings(data.readings)
      this.panel.setReadings(data.readings)
      this.matrix.setReadings(data.readings)
      this.refreshClauseLists()
    })
    this.start.api.readings(this.start.negotiation).then(
      (list) => {
        if (this.meta.readings.length) return
        this.readings.setReadings(list)
        this.matrix.setReadings(list)
      },
      (e) => this.notices.error(e),
    )
    this.session.whenTextReady().then(() => this.mountEditor())
  }

  private showConnection(state: ConnectionState): void {
    this.badge.show(state)
    if (state.kind === 'refused' && state.agreedText)
      this.notices.show(state.message, 'error', [
        {
          label: 'Discard unsent changes and reload',
          run: async () => {
            await this.session.local.clearData()
            location.reload()
            return true
          },
        },
      ])
    const back = state.kind === 'connected' && this.connection !== 'connected'
    this.connection = state.kind
    // Synced again: what Yjs merged in is in the text by the next turn.
    if (back) setTimeout(() => this.view && this.offlineEdits.check(this.view))
    // Without a connection and without a copy in this browser there is no text to show yet.
    if (!this.frame.dataset.ready && (state.kind === 'offline' || state.kind === 'refused')) {
      this.frame.replaceChildren(
        h(
          'p',
          { class: 'rt-loading', role: 'status' },
          state.kind === 'refused'
            ? state.message
            : 'Waiting for the server: this browser has no copy of the text yet.',
        ),
      )
    }
  }

  private mountEditor(): void {
    // The server seeds every negotiation's text; an empty one is a server fault.
    if (this.session.fragment.length === 0) {
      this.frame.replaceChildren(h('p', { role: 'alert' }, 'This negotiation has no text on the server.'))
      return
    }
    this.frame.replaceChildren()
    this.view = createEditor(this.frame, {
      fragment: this.session.fragment,
      awareness: this.session.awareness,
      canEdit: this.canEdit,
      onShowPositions: (group) => this.panel.showTargets(group.options, group.options[group.current]),
      notify: (message) => this.notices.show(message),
      mayChangeAgreed: this.start.me.role === 'chair',
      confirm: (message) => confirmStep(message, 'Change and remove the mark'),
      onUpdate: (view, previous) => {
        if (view.state.doc === previous.doc && view.state.selection.eq(previous.selection)) return
        this.followCursor()
        if (view.state.doc !== previous.doc) this.refreshSummaries()
        if (view.state.doc !== previous.doc && this.canEdit && this.connection !== 'connected')
          this.offlineEdits.record(view)
      },
    })
    this.frame.dataset.ready = 'true'
    this.navigator.update(this.view.state.doc)
    performance.mark('rt-editable')
  }

  /** The views that list clauses by key: the matrix (when shown) and the
   *  open proposals (when there are any). */
  private refreshClauseLists(): void {
    const proposals = this.openProposals
    const listProposals =
      !!proposals && (this.meta.proposals.some((p) => p.status === 'open') || !proposals.element.hidden)
    if (!this.view || (this.tabs.current !== 'matrix' && !listProposals)) return
    const clauses = clauseIndex(this.view.state.doc)
    if (this.tabs.current === 'matrix') this.matrix.update(clauses, this.meta.positions)
    if (listProposals) proposals?.update(this.meta.proposals, clauses)
  }

  /** Puts back the text a clause had in a frozen reading. */
  private async restoreFromReading(clauseId: string, readingId: string): Promise<boolean> {
    const reading = await this.start.api.readingText(this.start.negotiation, readingId)
    const old = findClause(docFromJSON(reading.doc), clauseId)
    const view = this.view
    const now = view && findClause(view.state.doc, clauseId)
    if (!old || !view || !now) return false
    view.dispatch(view.state.tr.replaceWith(now.pos + 1, now.pos + now.node.nodeSize - 1, old.node.content))
    return true
  }

  /** Inserts a proposal where its words are; when they changed since it
   *  was made, the chair chooses the place, beside the current text. */
  private async placeProposal(p: Proposal): Promise<'inserted' | 'gone' | 'cancelled'> {
    const view = this.view
    const clause = view && findClause(view.state.doc, p.clauseId)
    if (!view || !clause) return 'gone'
    if (insertProposal(p)(view.state, view.dispatch)) return 'inserted'
    const { from, to } = view.state.selection
    const inClause = from > clause.pos && to < clause.pos + clause.node.nodeSize && from < to
    const choice = await chooseProposalPlace(p, {
      key: clauseIndex(view.state.doc).find((c) => c.id === p.clauseId)?.key ?? p.clauseId,
      text: notationOf(clause.node),
      groups: groupsOf(view.state.doc, clause.pos),
      selection: inClause ? view.state.doc.textBetween(from, to, ' ') : null,
    })
    const now = findClause(view.state.doc, p.clauseId)
    if (!choice) return 'cancelled'
    if (!now) return 'gone'
    const placement: Placement | null =
      choice.kind === 'whole'
        ? wholeClause(view.state.doc, now.pos)
        : choice.kind === 'selection'
          ? { kind: 'span', from: view.state.selection.from, to: view.state.selection.to }
          : (() => {
              const group = groupsOf(view.state.doc, now.pos)[choice.index]
              return group ? { kind: 'group' as const, groupPos: group.groupPos } : null
            })()
    return placement && insertProposal(p, placement)(view.state, view.dispatch) ? 'inserted' : 'cancelled'
  }

  /** Opens a clause in the text (from the matrix or the proposals list). */
  private focusClause(id: string): void {
    this.tabs.select('text')
    const clause = this.view && findClause(this.view.state.doc, id)
    if (this.view && clause) jumpTo(this.view, clause.pos + 1)
  }
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

const focusable =
  'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), summary, [tabindex]:not([tabindex="-1"]), [contenteditable="true"]'

/** Tab from the text's frame (reached with Esc) goes on to the next region,
 *  Shift+Tab back to the one before, rather than into the text again. */
function leaveFrameByTab(frame: HTMLElement, event: KeyboardEvent): void {
  if (event.key !== 'Tab' || event.target !== frame) return
  const all = [...document.querySelectorAll<HTMLElement>(focusable)].filter(
    (el) => !frame.contains(el) && el.offsetParent !== null,
  )
  const after = (el: HTMLElement) => frame.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING
  const next = event.shiftKey ? all.filter((el) => !after(el)).at(-1) : all.find((el) => after(el))
  if (!next) return
  event.preventDefault()
  next.focus()
}

/** Esc closes the open menu (Keys, Files, Invite) holding the focus, and
 *  gives the focus back to its button. */
function closeMenuOnEscape(event: KeyboardEvent): void {
  if (event.key !== 'Escape') return
  const menu = (event.target as Element | null)?.closest<HTMLDetailsElement>('details.rt-menu[open]')
  if (!menu) return
  menu.open = false
  menu.querySelector<HTMLElement>('summary')?.focus()
}

/** Switches to another negotiation this token opens. */
function negotiationSwitcher(negotiations: readonly Negotiation[], current: string): HTMLElement {
  return h(
    'select',
    {
      'aria-label': 'Negotiation',
      class: 'rt-switcher',
      onchange: (e: Event) => {
        location.search = `?negotiation=${encodeURIComponent((e.target as HTMLSelectElement).value)}`
      },
    },
    negotiations.map((n) => h('option', { value: n.id, selected: n.id === current }, n.title)),
  )
}
