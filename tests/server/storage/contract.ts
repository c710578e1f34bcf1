import { present } from '../../../shared/present'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Position, Proposal } from '../../../shared/positions/position'
import type { Author, Reading, Storage } from '../../../server/storage/types'
import { StorageError } from '../../../server/storage/types'

/** A backend under test: `open` gives a fresh store; `reopen`, where the
 *  backend keeps data, opens the same data again after `close`. */
export interface Backend {
  open(): Storage | Promise<Storage>
  reopen?: () => Storage | Promise<Storage>
}

const author: Author = { role: 'editor', state: null, name: 'Editor A', tokenId: 't1' }
const bytes = (...n: number[]) => new Uint8Array(n)

function position(id: string, over: Partial<Position> = {}): Position {
  return {
    id,
    negotiationId: 'n1',
    state: 'Austria',
    clauseId: 'c1',
    target: null,
    stance: 'support',
    comment: '',
    source: 'statement',
    reading: null,
    author: 'Delegation of Austria',
    createdAt: '2025-03-03T10:00:00.000Z',
    updatedAt: '2025-03-03T10:00:00.000Z',
    ...over,
  }
}

function reading(id: string, createdAt: string): Reading {
  return {
    id,
    negotiationId: 'n1',
    name: `Reading ${id}`,
    date: '2025-03-03',
    createdAt,
    createdBy: { role: 'chair', state: null, name: 'Chair' },
    brackets: { pairs: 3, groups: 2 },
    doc: { type: 'doc', content: [] },
    state: bytes(1, 2, 3),
    note: '',
  }
}

/** The behaviour every storage backend must have: rules S1–S13 of server/README.md, cited in the test names. */
export function storageContract(name: string, backend: Backend): void {
  describe(`storage contract: ${name}`, () => {
    let store: Storage
    beforeEach(async () => {
      store = await backend.open()
    })
    afterEach(async () => {
      await store.close()
    })

    it('S1: creates, gets and lists negotiations, refusing a duplicate id', async () => {
      await store.negotiations.create({ id: 'b', title: 'Second', createdAt: '2025-01-02T00:00:00.000Z' })
      await store.negotiations.create({ id: 'a', title: 'First', createdAt: '2025-01-01T00:00:00.000Z' })
      expect(await store.negotiations.get('a')).toEqual({
        id: 'a',
        title: 'First',
        createdAt: '2025-01-01T00:00:00.000Z',
      })
      expect(await store.negotiations.get('zzz')).toBeNull()
      expect((await store.negotiations.list()).map((n) => n.id)).toEqual(['a', 'b'])
      await expect(store.negotiations.create({ id: 'a', title: 'Again', createdAt: 'x' })).rejects.toBeInstanceOf(
        StorageError,
      )
    })

    it('S2: appends updates in call order and loads them after the latest snapshot', async () => {
      const seqs = await Promise.all(
        [1, 2, 3].map((n) => store.documents.append('d', { update: bytes(n), author, at: 't', clauses: [] })),
      )
      expect(seqs).toEqual([...seqs].sort((x, y) => x - y))
      expect(new Set(seqs).size).toBe(3)
      await store.documents.append('other', { update: bytes(9), author, at: 't', clauses: [] })
      let loaded = await store.documents.load('d')
      expect(loaded.snapshot).toBeNull()
      expect(loaded.updates.map((u) => [...u.update])).toEqual([[1], [2], [3]])

      await store.documents.saveSnapshot('d', bytes(7, 7), seqs[1])
      loaded = await store.documents.load('d')
      expect([...present(loaded.snapshot)]).toEqual([7, 7])
      expect(loaded.snapshotSeq).toBe(seqs[1])
      expect(loaded.updates.map((u) => [...u.update])).toEqual([[3]])
      expect(await store.documents.countSince('d', seqs[1])).toBe(1)
      expect(await store.documents.countSince('d', 0)).toBe(3)
    })

    it('S3: never moves a snapshot backwards', async () => {
      await store.documents.saveSnapshot('d', bytes(2), 20)
      await store.documents.saveSnapshot('d', bytes(1), 10)
      const loaded = await store.documents.load('d')
      expect([...present(loaded.snapshot)]).toEqual([2])
      expect(loaded.snapshotSeq).toBe(20)
    })

    it('S4: keeps every update as the audit trail behind clause histories', async () => {
      const chair: Author = { role: 'chair', state: null, name: 'Chair', tokenId: 't0' }
      await store.documents.append('d', {
        update: bytes(1),
        author: chair,
        at: '2025-01-01T00:00:00.000Z',
        clauses: [{ clauseId: 'c1', kind: 'created' }],
      })
      const s2 = await store.documents.append('d', {
        update: bytes(2),
        author,
        at: '2025-01-02T00:00:00.000Z',
        clauses: [
          { clauseId: 'c1', kind: 'edited' },
          { clauseId: 'c2', kind: 'edited' },
        ],
      })
      await store.documents.append('e', {
        update: bytes(3),
        author,
        at: 'x',
        clauses: [{ clauseId: 'c1', kind: 'deleted' }],
      })
      await store.documents.saveSnapshot('d', bytes(0), s2)
      const history = await store.documents.clauseHistory('d', 'c1')
      expect(history.map((h) => [h.at, h.author.name, h.author.role, h.kind])).toEqual([
        ['2025-01-01T00:00:00.000Z', 'Chair', 'chair', 'created'],
        ['2025-01-02T00:00:00.000Z', 'Editor A', 'editor', 'edited'],
      ])
      expect(await store.documents.clauseHistory('d', 'nope')).toEqual([])
    })

    it("S4: keeps each change's clause text, for word-level histories", async () => {
      await store.documents.append('d', {
        update: bytes(1),
        author,
        at: 't1',
        clauses: [
          { clauseId: 'c1', kind: 'adref-removed' },
          { clauseId: 'c1', kind: 'edited', text: 'States [shall][should] act, ’now’.' },
          { clauseId: 'c2', kind: 'created', text: '' },
        ],
      })
      await store.documents.append('d', {
        update: bytes(2),
        author,
        at: 't2',
        clauses: [{ clauseId: 'c1', kind: 'deleted' }],
      })
      const history = await store.documents.clauseHistory('d', 'c1')
      expect(history.map((h) => [h.seq, h.kind, h.text]).sort()).toEqual([
        [history[0].seq, 'adref-removed', null],
        [history[0].seq, 'edited', 'States [shall][should] act, ’now’.'],
        [history[2].seq, 'deleted', null],
      ])
      expect((await store.documents.clauseHistory('d', 'c2'))[0].text).toBe('')
    })

    it('S5: folds the log up to a snapshot into one update, keeping every row of the audit trail', async () => {
      const at = (n: number) => `2025-01-0${n}T00:00:00.000Z`
      const seqs: number[] = []
      for (const n of [1, 2, 3, 4]) {
        const clauses = [{ clauseId: 'c1', kind: 'edited' as const }]
        seqs.push(await store.documents.append('d', { update: bytes(n, n, n), author, at: at(n), clauses }))
      }
      await store.documents.append('other', { update: bytes(9, 9, 9, 9), author, at: 't', clauses: [] })
      expect((await store.documents.load('d')).bytes).toBe(12)
      await store.documents.saveSnapshot('d', bytes(5, 5), seqs[2])
      const after = await store.documents.foldLog('d', 0, seqs[2], bytes(8))
      // The snapshot (2), the folded update (1) and the update after it (3).
      expect(after).toBe(6)
      const loaded = await store.documents.load('d')
      expect(loaded.bytes).toBe(6)
      expect(loaded.updates.map((u) => [...u.update])).toEqual([[4, 4, 4]])
      expect((await store.documents.clauseHistory('d', 'c1')).map((h) => h.at)).toEqual([1, 2, 3, 4].map(at))
      expect((await store.documents.load('other')).updates.map((u) => [...u.update])).toEqual([[9, 9, 9, 9]])
    })

    it('S6: stores readings immutably and lists them oldest first', async () => {
      await store.readings.create(reading('r2', '2025-02-01T00:00:00.000Z'))
      await store.readings.create(reading('r1', '2025-01-01T00:00:00.000Z'))
      await expect(store.readings.create(reading('r1', '2025-03-01T00:00:00.000Z'))).rejects.toBeInstanceOf(
        StorageError,
      )
      const list = await store.readings.list('n1')
      expect(list.map((r) => r.id)).toEqual(['r1', 'r2'])
      expect(list[0]).toEqual({
        id: 'r1',
        name: 'Reading r1',
        date: '2025-03-03',
        createdAt: '2025-01-01T00:00:00.000Z',
        createdBy: { role: 'chair', state: null, name: 'Chair' },
        brackets: { pairs: 3, groups: 2 },
        note: '',
      })
      const full = await store.readings.get('n1', 'r1')
      expect(full?.doc).toEqual({ type: 'doc', content: [] })
      expect([...present(full).state]).toEqual([1, 2, 3])
      expect(await store.readings.get('other', 'r1')).toBeNull()
    })

    it('S6: renames a reading and notes it, its text and place in the list unchanged', async () => {
      await store.readings.create({ ...reading('r1', '2025-01-01T00:00:00.000Z'), note: 'As circulated.' })
      await store.readings.create(reading('r2', '2025-02-01T00:00:00.000Z'))
      expect(
        await store.readings.relabel('n1', 'r1', { name: 'First reading (Geneva)', note: 'Agreed: I.1–I.3' }),
      ).toBe(true)
      expect(await store.readings.relabel('other', 'r1', { name: 'X', note: '' })).toBe(false)
      expect(await store.readings.relabel('n1', 'nope', { name: 'X', note: '' })).toBe(false)
      const list = await store.readings.list('n1')
      expect(list.map((r) => [r.id, r.name, r.note])).toEqual([
        ['r1', 'First reading (Geneva)', 'Agreed: I.1–I.3'],
        ['r2', 'Reading r2', ''],
      ])
      const full = present(await store.readings.get('n1', 'r1'))
      expect([full.name, full.note, full.date, [...full.state]]).toEqual([
        'First reading (Geneva)',
        'Agreed: I.1–I.3',
        '2025-03-03',
        [1, 2, 3],
      ])
    })

    it('S7: puts, updates, lists and deletes positions within a negotiation', async () => {
      await store.positions.put(position('p1'))
      await store.positions.put(position('p2', { createdAt: '2025-03-04T00:00:00.000Z' }))
      await store.positions.put(position('p1', { stance: 'oppose' }))
      expect((await store.positions.get('n1', 'p1'))?.stance).toBe('oppose')
      expect(await store.positions.get('n2', 'p1')).toBeNull()
      expect((await store.positions.list('n1')).map((p) => p.id)).toEqual(['p1', 'p2'])
      await store.positions.put(position('p3', { clauseText: 'States [shall][should] act.' }))
      expect((await store.positions.get('n1', 'p3'))?.clauseText).toBe('States [shall][should] act.')
      expect(await store.positions.delete('n1', 'p3')).toBe(true)
      expect(await store.positions.delete('n1', 'p1')).toBe(true)
      expect(await store.positions.delete('n1', 'p1')).toBe(false)
      expect((await store.positions.list('n1')).map((p) => p.id)).toEqual(['p2'])
    })

    it('S13: lists the positions as they stood at any time: the version then, none deleted by then', async () => {
      const at = (hour: number) => `2025-03-03T${String(hour).padStart(2, '0')}:00:00.000Z`
      await store.positions.put(position('p1', { updatedAt: at(10) }))
      await store.positions.put(position('p2', { updatedAt: at(11), createdAt: at(11) }))
      await store.positions.put(position('p1', { stance: 'oppose', updatedAt: at(12) }))
      await store.positions.put(position('other', { negotiationId: 'n2', updatedAt: at(10) }))
      const asOf = async (time: string) =>
        (await store.positions.listAsOf('n1', time)).map((p) => `${p.id} ${p.stance}`)
      expect(await asOf(at(9))).toEqual([])
      expect(await asOf(at(10))).toEqual(['p1 support'])
      expect(await asOf(at(11))).toEqual(['p1 support', 'p2 support'])
      expect(await asOf(at(12))).toEqual(['p1 oppose', 'p2 support'])
      // A deletion is a version too, from the moment it is made.
      const before = new Date(Date.now() - 1).toISOString()
      expect(await store.positions.delete('n1', 'p2')).toBe(true)
      expect(await asOf(before)).toEqual(['p1 oppose', 'p2 support'])
      expect(await asOf('9999-01-01T00:00:00.000Z')).toEqual(['p1 oppose'])
    })

    it('S8: puts and lists proposals', async () => {
      const proposal: Proposal = {
        id: 'q1',
        negotiationId: 'n1',
        state: 'Brazil',
        clauseId: 'c1',
        target: 'shall',
        text: 'should',
        comment: '',
        author: 'Delegation of Brazil',
        createdAt: '2025-03-03T00:00:00.000Z',
        status: 'open',
      }
      await store.proposals.put(proposal)
      await store.proposals.put({ ...proposal, status: 'inserted' })
      expect(await store.proposals.list('n1')).toEqual([{ ...proposal, status: 'inserted' }])
      expect(await store.proposals.get('n1', 'q1')).toEqual({ ...proposal, status: 'inserted' })
    })

    it('S9: records invitations and revokes them once', async () => {
      const inv = {
        id: 'i1',
        role: 'delegation' as const,
        state: 'Chile',
        negotiationId: 'n1',
        name: 'Delegation of Chile',
        createdAt: 't',
        createdBy: 'cli',
        revokedAt: null,
      }
      await store.tokens.create(inv)
      expect(await store.tokens.get('i1')).toEqual(inv)
      expect(await store.tokens.get('i2')).toBeNull()
      expect(await store.tokens.revoke('i1', 'later')).toBe(true)
      expect(await store.tokens.revoke('i1', 'again')).toBe(false)
      expect((await store.tokens.get('i1'))?.revokedAt).toBe('later')
      await expect(store.tokens.create(inv)).rejects.toBeInstanceOf(StorageError)
    })

    it('S10: lists the invitations to one negotiation, oldest first, revoked ones included', async () => {
      const inv = (id: string, negotiationId: string | null, createdAt: string) => ({
        id,
        role: 'observer' as const,
        state: null,
        negotiationId,
        name: 'Observer',
        createdAt,
        createdBy: 'Chair',
        revokedAt: null,
      })
      await store.tokens.create(inv('late', 'n1', '2026-02-01T00:00:00Z'))
      await store.tokens.create(inv('early', 'n1', '2026-01-01T00:00:00Z'))
      await store.tokens.create(inv('other', 'n2', '2026-01-15T00:00:00Z'))
      await store.tokens.create(inv('everywhere', null, '2026-01-10T00:00:00Z'))
      await store.tokens.revoke('late', '2026-03-01T00:00:00Z')
      expect((await store.tokens.list('n1')).map((i) => [i.id, i.revokedAt])).toEqual([
        ['early', null],
        ['late', '2026-03-01T00:00:00Z'],
      ])
      expect(await store.tokens.list('n3')).toEqual([])
    })

    it('S12: remembers the sessions signed out of, until they expire, and no others', async () => {
      const future = new Date(Date.now() + 3600_000).toISOString()
      await store.tokens.endSession('s1', future)
      await store.tokens.endSession('s1', future)
      await store.tokens.endSession('old', '2020-01-01T00:00:00.000Z')
      expect(await store.tokens.sessionEnded('s1')).toBe(true)
      expect(await store.tokens.sessionEnded('s2')).toBe(false)
      // An expired one is forgotten when the next is recorded: it opens nothing anyway.
      await store.tokens.endSession('s3', future)
      expect(await store.tokens.sessionEnded('old')).toBe(false)
    })

    if (backend.reopen) {
      const reopen = backend.reopen
      it('S11: keeps everything across a close and reopen', async () => {
        await store.negotiations.create({ id: 'k', title: 'Kept', createdAt: 't' })
        const seq = await store.documents.append('k', {
          update: bytes(4, 2),
          author,
          at: 't',
          clauses: [{ clauseId: 'c', kind: 'edited' }],
        })
        await store.documents.saveSnapshot('k', bytes(4), seq)
        await store.positions.put(position('p9'))
        await store.close()
        store = await reopen()
        expect(await store.negotiations.get('k')).not.toBeNull()
        expect((await store.documents.load('k')).snapshotSeq).toBe(seq)
        expect(await store.documents.clauseHistory('k', 'c')).toHaveLength(1)
        expect(await store.positions.get('n1', 'p9')).not.toBeNull()
      })
    }
  })
}
