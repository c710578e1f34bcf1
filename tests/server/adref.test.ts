import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type * as Y from 'yjs'
import { present } from '../../shared/present'
import type { HistoryEntry } from '../../shared/protocol/wire'
import { clauseIds } from '../../server/negotiations/clauses'
import { connectClient, firstClauseText, type Client } from '../harness/clients'
import { on, until } from '../harness/events'
import { startTestServer, type TestServer } from '../harness/server'

/** Issue #12 point 4 on the server: agreed text is protected whatever the
 *  client, and a chair's change to it takes the ad ref mark off, recorded in
 *  the clause's history. Raw y-websocket clients, so no browser guard helps. */
let server: TestServer
const clients: Client[] = []
let tokens: Record<'chair' | 'editor' | 'observer', string>

beforeAll(async () => {
  server = await startTestServer()
  tokens = {
    chair: await server.token('chair'),
    editor: await server.token('editor'),
    observer: await server.token('observer'),
  }
})
afterAll(async () => {
  for (const c of clients) c.destroy()
  await server.stop()
})

async function client(token: string): Promise<Client> {
  const c = connectClient(server.wsUrl, server.negotiation.id, token)
  clients.push(c)
  await c.synced()
  return c
}

const clauses = (doc: Y.Doc) =>
  (doc.getXmlFragment('prosemirror').toArray() as Y.XmlElement[]).flatMap((s) =>
    (s.toArray() as Y.XmlElement[]).filter((c) => c.nodeName === 'clause'),
  )

async function room() {
  return present(await server.rooms.open(server.negotiation.id))
}

/** Waits until the stored text satisfies `check`. */
async function stored(check: (doc: Y.Doc) => boolean, label: string): Promise<void> {
  const r = await room()
  await until(() => check(r.currentDoc()), on([[r, 'stored']]), label)
}

const statusOf = (doc: Y.Doc, index: number) => clauses(doc)[index].getAttribute('status')

async function history(clauseId: string): Promise<HistoryEntry[]> {
  const url = `/api/negotiations/${server.negotiation.id}/clauses/${clauseId}/history`
  return (await server.api(url, { token: tokens.observer })).json as HistoryEntry[]
}

async function agree(chair: Client, index: number): Promise<void> {
  clauses(chair.doc)[index].setAttribute('status', 'adref')
  await stored((doc) => statusOf(doc, index) === 'adref', 'the mark stored')
}

describe('agreed text on the server', () => {
  it('refuses an editor who changes, unmarks or deletes an agreed clause, naming the rule', async () => {
    const chair = await client(tokens.chair)
    await agree(chair, 1)
    for (const change of [
      (doc: Y.Doc) => firstClauseText(doc, 1).insert(0, 'Changed: '),
      (doc: Y.Doc) => clauses(doc)[1].setAttribute('status', 'open'),
      (doc: Y.Doc) => {
        const clause = clauses(doc)[1]
        const parent = clause.parent as Y.XmlElement
        parent.delete(parent.toArray().indexOf(clause), 1)
      },
    ]) {
      const editor = await client(tokens.editor)
      change(editor.doc)
      await until(() => editor.closes.length > 0, on([[editor.provider, 'connection-close']]), 'the refusal')
      expect(editor.closes[0].code).toBe(4400)
      expect(editor.closes[0].reason).toMatch(/^the update changes agreed text: \[clause\.adref\] only the chair/)
      editor.destroy()
    }
    const doc = (await room()).currentDoc()
    expect(statusOf(doc, 1)).toBe('adref')
    expect(firstClauseText(doc, 1).toString()).not.toContain('Changed: ')
    // The editor may still change other clauses, and move the agreed one (deleted and made again, as
    // y-prosemirror moves a clause) as long as its words and mark stay.
    const editor = await client(tokens.editor)
    firstClauseText(editor.doc, 2).insert(0, 'Fine: ')
    await stored((d) => firstClauseText(d, 2).toString().startsWith('Fine: '), 'the other edit stored')
    editor.doc.transact(() => {
      const clause = clauses(editor.doc)[1]
      const parent = clause.parent as Y.XmlElement
      const copy = clause.clone()
      const at = parent.toArray().indexOf(clause)
      parent.delete(at, 1)
      parent.insert(at + 1, [copy])
    })
    const moved = firstClauseText(editor.doc, 2).toString()
    await stored((d) => firstClauseText(d, 2).toString() === moved && statusOf(d, 2) === 'adref', 'the move stored')
    expect(editor.closes).toEqual([])
  })

  it("takes the mark off when the chair changes agreed text, and the clause's history says so with the words", async () => {
    const chair = await client(tokens.chair)
    await agree(chair, 3)
    const id = clauseIds(chair.doc.getXmlFragment('prosemirror'))[3]
    // A raw client that does not take the mark off itself: the server does.
    firstClauseText(chair.doc, 3).insert(0, 'Agreed, now amended: ')
    await stored((doc) => statusOf(doc, 3) === 'open', 'the mark taken off')
    await until(() => statusOf(chair.doc, 3) === 'open', on([[chair.doc, 'update']]), 'the chair to see it')
    expect(firstClauseText((await room()).currentDoc(), 3).toString()).toMatch(/^Agreed, now amended: /)
    const lines = await history(id)
    expect(lines.map((l) => [l.kind, l.author.role])).toEqual([
      ['created', 'system'],
      ['adref-agreed', 'chair'],
      ['edited', 'chair'],
      ['adref-removed', 'chair'],
    ])
    expect(lines[2].words?.filter((w) => w.op !== 'equal')).toEqual([{ op: 'insert', text: 'Agreed, now amended: ' }])
    expect(chair.closes).toEqual([])
  })

  it('records the mark taken off in the same update as the edit (as the browser does) before the edit', async () => {
    const chair = await client(tokens.chair)
    await agree(chair, 4)
    const id = clauseIds(chair.doc.getXmlFragment('prosemirror'))[4]
    chair.doc.transact(() => {
      clauses(chair.doc)[4].setAttribute('status', 'open')
      firstClauseText(chair.doc, 4).insert(0, 'Reopened. ')
    })
    await stored((doc) => firstClauseText(doc, 4).toString().startsWith('Reopened. '), 'the edit stored')
    const lines = await history(id)
    expect(lines.slice(1).map((l) => l.kind)).toEqual(['adref-agreed', 'adref-removed', 'edited'])
    expect(lines[3].words).toContainEqual({ op: 'insert', text: 'Reopened. ' })
  })
})
