import { h } from '../dom'

/** The keys, as the README lists them. */
export const shortcuts: [string, string][] = [
  ['Enter', 'New clause after the cursor'],
  ['Tab / Shift+Tab', 'Sub-paragraph / paragraph level'],
  ['Ctrl+[', 'Bracket the selection'],
  ['Ctrl+Shift+[', 'Add an alternative'],
  ['Alt+Enter', 'Bracket menu: accept, drop, positions'],
  ['Ctrl+Alt+B', 'Bracket the selected paragraphs together'],
  ['Ctrl+Alt+A', 'Agreed ad referendum (toggle)'],
  ['Alt+↑ / Alt+↓', 'Move the clause up / down'],
  ['Ctrl+Z / Ctrl+Y', 'Undo / redo your own changes'],
  ['Esc, then Tab', 'Leave the text'],
]

/** A disclosure listing the keyboard shortcuts. */
export function shortcutsHelp(): HTMLElement {
  return h(
    'details',
    { class: 'rt-menu' },
    h('summary', { 'aria-label': 'Keyboard shortcuts' }, 'Keys'),
    h(
      'dl',
      { class: 'rt-menu-body rt-shortcuts' },
      shortcuts.map(([keys, what]) => [h('dt', {}, h('kbd', {}, keys)), h('dd', {}, what)]),
    ),
  )
}
