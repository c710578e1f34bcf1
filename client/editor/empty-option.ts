import { Plugin } from 'prosemirror-state'
import { schema } from '../../shared/schema/schema'

/** Typing into an empty alternative (`[shall][]`, just made by Ctrl-Shift-[).
 *  Browsers cannot put a caret inside an empty inline element: they type into
 *  the neighbouring text instead, so the words would land in the previous
 *  option. While the cursor is in an empty option, the first typed text is
 *  therefore inserted by ProseMirror itself; after that the option holds text
 *  and typing works as everywhere else. */
export function emptyOptionInput(): Plugin {
  return new Plugin({
    props: {
      handleDOMEvents: {
        beforeinput(view, event) {
          const { $from, empty } = view.state.selection
          const inEmptyOption = empty && $from.parent.type === schema.nodes.option && $from.parent.content.size === 0
          if (!inEmptyOption || event.inputType !== 'insertText' || !event.data || !view.editable) return false
          event.preventDefault()
          view.dispatch(view.state.tr.insertText(event.data, $from.pos).scrollIntoView())
          return true
        },
      },
    },
  })
}
