import { Fragment, Slice, type Node, type ResolvedPos } from 'prosemirror-model'
import { Plugin, TextSelection } from 'prosemirror-state'
import type { EditorView } from 'prosemirror-view'
import { typedGroup } from '../../shared/brackets/typed'
import { parseInline } from '../../shared/notation/inline'
import { parseNotation } from '../../shared/notation/parse'
import type { ClauseLevel } from '../../shared/schema/nodes'
import { schema } from '../../shared/schema/schema'
import { clauseAround } from './clauses'

/** Brackets typed or pasted become real bracket groups, read by the
 *  notation's parser: typing `]` closes the `[` typed before it (next to a
 *  group, the pair joins it as an alternative); pasted text, from Word, an
 *  e-mail or the notation, is read as the notation reads it, one clause a
 *  line. Text that does not read (an unbalanced `[`) stays as typed. */
export function bracketInputPlugin(isEditable: () => boolean): Plugin {
  return new Plugin({
    props: {
      handleDOMEvents: {
        // Right after a group the browser would type into its last option (the
        // caret looks the same on either side of the bracket): text typed
        // where the editor's cursor is, after the group, goes there.
        beforeinput(view, event) {
          const { $from, empty } = view.state.selection
          if (!empty || event.inputType !== 'insertText' || !event.data || !isEditable()) return false
          if ($from.nodeBefore?.type !== schema.nodes.bracket_group) return false
          event.preventDefault()
          view.dispatch(view.state.tr.insertText(event.data, $from.pos).scrollIntoView())
          return true
        },
      },
      handleTextInput(view, from, to, text) {
        if (text !== ']' || from !== to || !isEditable()) return false
        const typed = typedGroup(view.state.doc, from)
        if (!typed) return false
        const tr = view.state.tr.replaceWith(typed.from, typed.to, typed.group)
        view.dispatch(tr.setSelection(TextSelection.create(tr.doc, typed.from + typed.group.nodeSize)).scrollIntoView())
        return true
      },
      clipboardTextParser: (text, $context) => pastedSlice(text, $context),
      handlePaste(view, event) {
        const html = event.clipboardData?.getData('text/html') ?? ''
        const text = event.clipboardData?.getData('text/plain') ?? ''
        // Our own copies keep their structure; anything else is read as text.
        if (!html || html.includes('data-pm-slice') || !text || !isEditable()) return false
        pasteText(view, text)
        return true
      },
    },
  })
}

function pasteText(view: EditorView, text: string): void {
  const slice = pastedSlice(text, view.state.selection.$from)
  view.dispatch(view.state.tr.replaceSelection(slice).scrollIntoView())
}

/** Pasted text as the notation reads it: one line is inline text with its
 *  brackets; several lines are clauses (`1.`, `(a)`, `(i)` set their level,
 *  other lines take the level of the clause pasted into). Numbers are
 *  computed, so typed labels are dropped; pasted text is never agreed. */
export function pastedSlice(text: string, $context: ResolvedPos): Slice {
  const single = text.replace(/\r?\n$/, '')
  if (!/[\r\n]/.test(single)) return inlineSlice(single)
  const lines = text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean)
  const level = (clauseAround($context)?.node.attrs.level ?? 1) as ClauseLevel
  const read = parseNotation(`# I. Pasted\n\n${lines.map(escapeLineStart).join('\n\n')}`)
  const clauses: Node[] = []
  if (read.ok) {
    read.doc.firstChild?.forEach((child) => {
      if (child.type !== schema.nodes.clause) return
      const own = child.attrs.level as ClauseLevel
      clauses.push(schema.nodes.clause.create({ level: own === 0 ? level : own }, child.content))
    })
  } else {
    for (const line of lines) clauses.push(schema.nodes.clause.create({ level }, schema.text(line)))
  }
  if (clauses.length === 0) return Slice.empty
  if (clauses.length === 1 || $context.parent.type !== schema.nodes.clause) {
    const inline = clauses.flatMap((c, i) => (i ? [schema.text(' '), ...contentOf(c)] : contentOf(c)))
    return new Slice(Fragment.from(inline), 0, 0)
  }
  return new Slice(Fragment.from(clauses), 1, 1)
}

/** One line as inline text with its brackets, spaces kept. */
function inlineSlice(line: string): Slice {
  if (!line) return Slice.empty
  const read = parseInline(line)
  const nodes = 'message' in read || read.attributes ? [schema.text(line)] : read.content
  return new Slice(Fragment.from(nodes), 0, 0)
}

const contentOf = (node: Node): Node[] => {
  const out: Node[] = []
  node.forEach((child) => {
    out.push(child)
  })
  return out
}

/** Lines the notation would read as metadata or headings are plain text here. */
const escapeLineStart = (line: string): string => (/^[%#]/.test(line) ? `\\${line}` : line)
