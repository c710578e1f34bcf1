import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Node } from 'prosemirror-model'
import { parseNotation } from '../../shared/notation/parse'
import { serverAuthor } from '../core/room'
import type { Negotiation, Storage } from '../storage/types'
import { withClauseIds } from '../../shared/schema/ids'
import { packageRoot } from '../paths'
import { type TextSeed, textSeed } from './text'

/** A new negotiation id: `n-` and ten URL-safe characters. */
export const newNegotiationId = () => `n-${randomBytes(8).toString('base64url').slice(0, 10)}`

/** Creates a negotiation whose text starts as `text`: a document (its
 *  clauses get ids), or a seed an import worker made (ids given, update
 *  made). The seed is the first entry of the update log, authored by the
 *  server. */
export async function createNegotiation(
  storage: Storage,
  title: string,
  text: Node | TextSeed,
  id = newNegotiationId(),
): Promise<Negotiation> {
  const seed = 'update' in text ? text : textSeed(withClauseIds(text))
  const negotiation: Negotiation = { id, title, createdAt: new Date().toISOString() }
  await storage.negotiations.create(negotiation)
  await storage.documents.append(id, {
    update: seed.update,
    author: serverAuthor,
    at: negotiation.createdAt,
    clauses: seed.clauses,
  })
  return negotiation
}

/** The sample text a first start seeds, parsed. */
export function sampleDocument(): { title: string; doc: Node } {
  const source = readFileSync(join(packageRoot, 'server', 'seed', 'sample-negotiation.txt'), 'utf8')
  const parsed = parseNotation(source)
  if (!parsed.ok)
    throw new Error(`the bundled sample text does not parse: line ${parsed.error.line}: ${parsed.error.message}`)
  const title = (parsed.doc.attrs.meta as Record<string, string>).title ?? 'Sample negotiation'
  return { title, doc: parsed.doc }
}
