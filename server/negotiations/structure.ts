import * as Y from 'yjs'
import { schema } from '../../shared/schema/schema'
import type { ClauseLevel } from '../../shared/schema/nodes'
import { orphans } from '../../shared/schema/units'

interface NodeJSON {
  type: string
  attrs?: Record<string, unknown>
  content?: NodeJSON[]
  text?: string
}

/** The ProseMirror JSON of a shared element, as y-prosemirror maps it: the
 *  element name is the node type, attributes are node attributes, text runs
 *  become text nodes (any formatting on them would be a mark, and the schema
 *  has none). */
function toJSON(el: Y.XmlElement): NodeJSON {
  const content: NodeJSON[] = []
  for (const child of el.toArray()) {
    if (child instanceof Y.XmlElement) content.push(toJSON(child))
    else if (child instanceof Y.XmlText) for (const text of plainRuns(child)) content.push({ type: 'text', text })
  }
  return { type: el.nodeName, attrs: el.getAttributes(), content }
}

/** The runs of a shared text, which must be plain: the schema has no marks
 *  and no embedded objects. */
function plainRuns(text: Y.XmlText): string[] {
  return (text.toDelta() as { insert: unknown; attributes?: Record<string, unknown> }[]).map((run) => {
    if (typeof run.insert !== 'string') throw new RangeError('an embedded object in the text')
    if (run.attributes && Object.keys(run.attributes).length)
      throw new RangeError(`formatting the schema does not allow (${Object.keys(run.attributes).join(', ')})`)
    return run.insert
  })
}

const isElement = (t: unknown, name: string): t is Y.XmlElement => t instanceof Y.XmlElement && t.nodeName === name

/** The smallest node whose validity a change to `type` can affect: the
 *  clause or title it lies in (typing); the section whose children changed;
 *  or the root itself when sections were added or removed. */
function unitOf(type: Y.AbstractType<unknown>, root: Y.XmlFragment): Y.AbstractType<unknown> {
  let t = type
  for (;;) {
    const parent = t._item?.parent as Y.AbstractType<unknown> | undefined
    if (!parent || t === root) return t
    if (parent === root || isElement(parent, 'section')) return t
    t = parent
  }
}

/** Checks that what a transaction changed still fits the document schema,
 *  rebuilding only the touched clauses (or sections, when their clauses were
 *  added, removed or reordered; or every section, when sections were) as
 *  ProseMirror nodes. The cost follows the change, not the size of the text.
 *  Returns why the text no longer fits, or null. */
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
    return `the update breaks the structure of the text: ${(e as Error).message}`
  }
  return null
}

function checkUnits(changed: ReadonlySet<Y.AbstractType<unknown>>, root: Y.XmlFragment): void {
  const units = new Set<Y.AbstractType<unknown>>()
  for (const type of changed) {
    const unit = unitOf(type, root)
    if (unit === root) {
      if (root.length === 0) throw new RangeError('it must keep at least one section')
      for (const child of root.toArray()) units.add(child as Y.AbstractType<unknown>)
    } else if (!unit._item?.deleted) {
      units.add(unit)
    }
  }
  for (const unit of units) {
    const inRoot = unit._item?.parent === root
    if (!(unit instanceof Y.XmlElement) || (inRoot && unit.nodeName !== 'section'))
      throw new RangeError('only sections may stand at the top of the text')
    if (!inRoot && unit.nodeName !== 'clause' && unit.nodeName !== 'section_title')
      throw new RangeError(`a section holds a title and clauses, not ${unit.nodeName}`)
    schema.nodeFromJSON(toJSON(unit)).check()
  }
  checkOutline(units, root)
}

/** Every sub-paragraph keeps a parent: the sections whose clauses changed
 *  (or that hold a changed clause) have no orphan. */
function checkOutline(units: ReadonlySet<Y.AbstractType<unknown>>, root: Y.XmlFragment): void {
  const sections = new Set<Y.XmlElement>()
  for (const unit of units) {
    const section = unit._item?.parent === root ? unit : unit._item?.parent
    if (isElement(section, 'section')) sections.add(section)
  }
  for (const section of sections) {
    const levels = section
      .toArray()
      .filter((child): child is Y.XmlElement => isElement(child, 'clause'))
      .map((clause) => Number(clause.getAttribute('level') ?? 1) as ClauseLevel)
    if (orphans(levels).length)
      throw new RangeError(
        'a sub-paragraph would be left without its paragraph (move or re-level it with its paragraph)',
      )
  }
}
