import type { Node } from 'prosemirror-model'
import * as Y from 'yjs'
import { isDeleted, parentOf } from '../core/yjs-internals'
import { checkAttribute, describeBreach, maxBracketDepth, type RuleBreach } from '../../shared/schema/rules'
import { schema } from '../../shared/schema/schema'
import type { ClauseLevel } from '../../shared/schema/nodes'
import { orphans } from '../../shared/schema/units'
import { pairSpans, spanDepthBreach, spanDepths } from '../../shared/brackets/spans'

interface NodeJSON {
  type: string
  attrs?: Record<string, unknown>
  content?: NodeJSON[]
  text?: string
}

/** A broken rule found while reading the shared types. */
class Breach extends Error {
  constructor(readonly breach: RuleBreach) {
    super(describeBreach(breach))
  }
}

const refuse = (rule: string, message: string): never => {
  throw new Breach({ rule, message })
}

/** What a child that is not an element or a text is, for the message. */
function kindOf(child: unknown): string {
  if (child instanceof Y.Doc) return 'a subdocument'
  if (child instanceof Y.XmlHook) return 'a Y.XmlHook'
  if (child instanceof Y.Map) return 'a Y.Map'
  if (child instanceof Y.Array) return 'a Y.Array'
  if (child instanceof Y.Text) return 'a Y.Text'
  if (child instanceof Uint8Array) return 'binary content'
  return child === null ? 'null' : `a ${typeof child}`
}

/** The ProseMirror JSON of a shared element, as y-prosemirror maps it: the
 *  element name is the node type, attributes are node attributes, text runs
 *  become text nodes (any formatting on them would be a mark, and the schema
 *  has none). Every attribute is checked against the schema's rules, every
 *  child must be an element or a text, and brackets may nest only so deep:
 *  `groups` counts the bracket groups around `el`. */
function toJSON(el: Y.XmlElement, groups = 0): NodeJSON {
  const type = el.nodeName
  if (!schema.nodes[type] || type === 'doc' || type === 'text') refuse('node.type', `there is no node type '${type}'`)
  const depth = type === 'bracket_group' ? groups + 1 : groups
  if (depth > maxBracketDepth)
    refuse('brackets.depth', `brackets nest deeper than ${maxBracketDepth} levels (the limit)`)
  const attrs = el.getAttributes() as Record<string, unknown>
  for (const [name, value] of Object.entries(attrs)) {
    const breach = checkAttribute(type, name, value)
    if (breach) throw new Breach(breach)
  }
  const content: NodeJSON[] = []
  for (const child of el.toArray() as unknown[]) {
    if (child instanceof Y.XmlElement) content.push(toJSON(child, depth))
    else if (child instanceof Y.XmlText) for (const text of plainRuns(child)) content.push({ type: 'text', text })
    else refuse('child.type', `a ${type} holds elements and text, not ${kindOf(child)}`)
  }
  return { type, attrs, content }
}

/** The ProseMirror node of a shared element (a clause), or null where it breaks the schema's rules (the
 *  structure check refuses such a change). */
export function nodeOfElement(el: Y.XmlElement): Node | null {
  try {
    return schema.nodeFromJSON(toJSON(el))
  } catch {
    return null
  }
}

/** The runs of a shared text, which must be plain: the schema has no marks
 *  and no embedded objects, and texts carry no attributes. */
function plainRuns(text: Y.XmlText): string[] {
  const own = Object.keys(text.getAttributes())
  if (own.length) refuse('text.attributes', `a text carries no attributes (got ${own.slice(0, 3).join(', ')})`)
  return (text.toDelta() as { insert: unknown; attributes?: Record<string, unknown> }[]).map((run) => {
    if (typeof run.insert !== 'string') refuse('text.embed', `a text holds characters only, not ${kindOf(run.insert)}`)
    if (run.attributes && Object.keys(run.attributes).length)
      refuse('text.format', `formatting the schema does not allow (${Object.keys(run.attributes).join(', ')})`)
    return run.insert as string
  })
}

const isElement = (t: unknown, name: string): t is Y.XmlElement => t instanceof Y.XmlElement && t.nodeName === name

/** The smallest node whose validity a change to `type` can affect: the
 *  clause or title it lies in (typing); the section whose children changed;
 *  or the root itself when sections were added or removed. */
function unitOf(type: Y.AbstractType<unknown>, root: Y.XmlFragment): Y.AbstractType<unknown> {
  let t = type
  for (;;) {
    const parent = parentOf(t)
    if (!parent || t === root) return t
    if (parent === root || isElement(parent, 'section')) return t
    t = parent
  }
}

/** Checks that what a transaction changed still fits the document schema,
 *  rebuilding only the touched clauses (or sections, when their clauses were
 *  added, removed or reordered; or every section, when sections were) as
 *  ProseMirror nodes. The cost follows the change, not the size of the text.
 *  Returns why the text no longer fits, naming the rule (`… [clause.level]
 *  clause level must be …`), or null. */
export function checkTextStructure(changed: ReadonlySet<Y.AbstractType<unknown>>, root: Y.XmlFragment): string | null {
  try {
    // Typing, the common case: when only texts changed, no element gained or
    // lost a child, so each text stands where the schema allowed it before
    // and only its runs need a look.
    if ([...changed].every((type) => type instanceof Y.XmlText)) {
      for (const text of changed) plainRuns(text as Y.XmlText)
      return null
    }
    checkUnits(changed, root)
  } catch (e) {
    // ProseMirror's own content check names no rule (a clause in a clause).
    const reason = e instanceof Breach ? e.message : `[node.content] ${(e as Error).message}`
    return `the update breaks the structure of the text: ${reason}`
  }
  return null
}

function checkUnits(changed: ReadonlySet<Y.AbstractType<unknown>>, root: Y.XmlFragment): void {
  const units = new Set<unknown>()
  for (const type of changed) {
    const unit = unitOf(type, root)
    if (unit === root) {
      if (root.length === 0) refuse('doc.sections', 'the text must keep at least one section')
      for (const child of root.toArray() as unknown[]) units.add(child)
    } else if (!isDeleted(unit)) {
      units.add(unit)
    }
  }
  const ids: string[] = []
  for (const unit of units) {
    if (!(unit instanceof Y.XmlElement)) refuse('child.type', `the text holds sections, not ${kindOf(unit)}`)
    const el = unit as Y.XmlElement
    const inRoot = parentOf(el) === root
    if (inRoot && el.nodeName !== 'section') refuse('doc.content', 'only sections may stand at the top of the text')
    if (!inRoot && el.nodeName !== 'clause' && el.nodeName !== 'section_title')
      refuse('section.content', `a section holds a title and clauses, not ${el.nodeName}`)
    schema.nodeFromJSON(toJSON(el)).check()
    collectIds(el, ids)
  }
  if (ids.length) checkUnique(ids, root)
  checkOutline(units, root)
}

/** The ids of the clauses in a checked unit (a clause, or a section's),
 *  each of which must have one. */
function collectIds(unit: Y.XmlElement, out: string[]): void {
  const clauses = unit.nodeName === 'section' ? unit.toArray() : [unit]
  for (const c of clauses) {
    if (!isElement(c, 'clause')) continue
    const id = c.getAttribute('id')
    // Readings from files may lack ids; the live text never does (it is
    // seeded with them and the editor gives every new clause one).
    if (typeof id !== 'string') refuse('clause.id.required', 'every clause of the live text needs an id')
    out.push(id as string)
  }
}

/** Every sub-paragraph keeps a parent: the sections whose clauses changed
 *  (or that hold a changed clause) have no orphan. */
function checkOutline(units: ReadonlySet<unknown>, root: Y.XmlFragment): void {
  const sections = new Set<Y.XmlElement>()
  for (const unit of units) {
    const el = unit as Y.XmlElement
    const section = parentOf(el) === root ? el : parentOf(el)
    if (isElement(section, 'section')) sections.add(section)
  }
  for (const section of sections) {
    const clauses = section.toArray().filter((child): child is Y.XmlElement => isElement(child, 'clause'))
    const levels = clauses.map((clause) => Number(clause.getAttribute('level') ?? 1) as ClauseLevel)
    if (orphans(levels).length)
      refuse(
        'clause.level.parent',
        'a sub-paragraph would be left without its paragraph (move or re-level it with its paragraph)',
      )
    checkSpans(clauses)
  }
}

/** Brackets spanning paragraphs pair within the section, and nest, with
 *  the brackets inside each clause they hold, no deeper than the limit. */
function checkSpans(clauses: readonly Y.XmlElement[]): void {
  const count = (clause: Y.XmlElement, name: string) => Number(clause.getAttribute(name) ?? 0)
  const marks = clauses.map((c) => ({ spanOpen: count(c, 'spanOpen'), spanClose: count(c, 'spanClose') }))
  if (marks.every((m) => !m.spanOpen && !m.spanClose)) return
  const paired = pairSpans(marks)
  if ('breach' in paired) throw new Breach(paired.breach)
  spanDepths(marks).forEach((depth, i) => {
    const breach = depth ? spanDepthBreach(depth, groupDepth(clauses[i])) : null
    if (breach) throw new Breach(breach)
  })
}

/** How deep bracket groups nest inside a shared element. */
function groupDepth(el: Y.XmlElement): number {
  let deepest = 0
  for (const child of el.toArray() as unknown[]) {
    if (!(child instanceof Y.XmlElement)) continue
    const depth = groupDepth(child) + (child.nodeName === 'bracket_group' ? 1 : 0)
    if (depth > deepest) deepest = depth
  }
  return deepest
}

/** Refuses a change that gave a checked clause an id another clause has:
 *  positions, proposals and history find a clause by its id. */
function checkUnique(ids: readonly string[], root: Y.XmlFragment): void {
  const wanted = new Set(ids)
  if (wanted.size < ids.length) refuse('clause.id.unique', `two clauses have the id '${duplicate(ids)}'`)
  const seen = new Set<string>()
  for (const section of root.toArray()) {
    if (!(section instanceof Y.XmlElement)) continue
    for (const c of section.toArray()) {
      const id = isElement(c, 'clause') ? c.getAttribute('id') : undefined
      if (typeof id !== 'string' || !wanted.has(id)) continue
      if (seen.has(id)) refuse('clause.id.unique', `two clauses have the id '${id}'`)
      seen.add(id)
    }
  }
}

function duplicate(ids: readonly string[]): string {
  const seen = new Set<string>()
  for (const id of ids) {
    if (seen.has(id)) return id
    seen.add(id)
  }
  return ''
}
