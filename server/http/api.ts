import { may } from '../../shared/protocol/roles'
import { ApiError, forbidden, invalid } from '../errors'
import type { InvitationService } from '../negotiations/invitations'
import type { NegotiationServices } from '../negotiations/services'
import { createNegotiation } from '../negotiations/create'
import { readingText } from '../negotiations/readings'
import { exportFormatOf, fileName, readUpload } from '../negotiations/files'
import { emptyDocument } from '../../shared/schema/schema'
import type { Storage } from '../storage/types'
import type { Workers } from '../workers'
import type { CompareFormat } from '../workers/tasks'
import { Router, type RequestContext, type Reply } from './router'

const ok = (json: unknown, status = 200): Reply => ({ status, json })
const compareFormats: readonly CompareFormat[] = ['json', 'html', 'docx']

/** A comparison's or a history's `?format=` (json when absent), or a 400. */
function compareFormatOf(q: URLSearchParams): CompareFormat {
  const format = q.get('format') ?? 'json'
  if (!compareFormats.includes(format as CompareFormat))
    throw invalid('format must be json, html or docx', [{ field: 'format', message: 'json, html or docx' }])
  return format as CompareFormat
}

/** The JSON API (documented in docs/API.md). Handlers are thin: the
 *  negotiation services decide who may do what. */
export function apiRoutes(
  services: NegotiationServices,
  invitations: InvitationService,
  storage: Storage,
  workers: Workers,
): Router {
  const r = new Router()
  const who = (ctx: RequestContext) => ctx.identity()
  const id = (ctx: RequestContext) => ctx.params.id
  const { access, positions, proposals, readings, comparisons, history } = services
  const readAsReading = (name: string, bytes: Uint8Array) => workers.read(name, bytes, 'as-is')
  const readAsText = (name: string, bytes: Uint8Array) => workers.read(name, bytes, 'with-ids')

  r.add('GET', '/api/health', async () => ok({ ok: true }))
  r.add('GET', '/api/me', async (ctx) => {
    const me = await who(ctx)
    return ok({ role: me.role, state: me.state, negotiation: me.negotiation, name: me.name, invitation: me.tokenId })
  })
  r.add('GET', '/api/negotiations', async (ctx) => ok(await access.list(await who(ctx))))
  r.add('POST', '/api/negotiations', async (ctx) => {
    const me = await who(ctx)
    if (!may(me.role, 'start-negotiations') || me.negotiation !== null)
      throw forbidden('only a chair invited to every negotiation starts a new one')
    if (/^application\/json\b/i.test(ctx.req.headers['content-type'] ?? 'application/json'))
      return ok(await createFromBody(storage, workers, await ctx.body()), 201)
    const q = ctx.url.searchParams
    const { doc, prepared, warnings } = await readUpload(readAsText, q.get('filename'), await ctx.rawBody())
    const title =
      q.get('title') ??
      (doc.attrs.meta as Record<string, string>).title ??
      (q.get('filename') ?? '').replace(/\.[^.]*$/, '')
    return ok({ ...(await createNegotiation(storage, titleOf(title), prepared ?? doc)), warnings }, 201)
  })
  r.add('GET', '/api/negotiations/:id', async (ctx) => ok(await access.require(await who(ctx), id(ctx))))

  r.add('GET', '/api/negotiations/:id/positions', async (ctx) => ok(await positions.list(await who(ctx), id(ctx))))
  r.add('GET', '/api/negotiations/:id/matrix', async (ctx) =>
    ok(await positions.matrix(await who(ctx), id(ctx), ctx.url.searchParams.get('reading'))),
  )
  r.add('POST', '/api/negotiations/:id/positions', async (ctx) =>
    ok(await positions.create(await who(ctx), id(ctx), await ctx.body()), 201),
  )
  r.add('PUT', '/api/negotiations/:id/positions/:pid', async (ctx) =>
    ok(await positions.update(await who(ctx), id(ctx), ctx.params.pid, await ctx.body())),
  )
  r.add('DELETE', '/api/negotiations/:id/positions/:pid', async (ctx) => {
    await positions.delete(await who(ctx), id(ctx), ctx.params.pid)
    return { status: 204 }
  })

  r.add('GET', '/api/negotiations/:id/proposals', async (ctx) => ok(await proposals.list(await who(ctx), id(ctx))))
  r.add('POST', '/api/negotiations/:id/proposals', async (ctx) =>
    ok(await proposals.create(await who(ctx), id(ctx), await ctx.body()), 201),
  )
  r.add('POST', '/api/negotiations/:id/proposals/:pid/inserted', async (ctx) =>
    ok(await proposals.markInserted(await who(ctx), id(ctx), ctx.params.pid)),
  )
  for (const change of ['decline', 'withdraw', 'reopen'] as const)
    r.add('POST', `/api/negotiations/:id/proposals/:pid/${change}`, async (ctx) =>
      ok(await proposals.change(await who(ctx), id(ctx), ctx.params.pid, change, await ctx.body())),
    )

  r.add('GET', '/api/negotiations/:id/readings', async (ctx) => ok(await readings.list(await who(ctx), id(ctx))))
  r.add('POST', '/api/negotiations/:id/readings', async (ctx) =>
    ok(await readings.freeze(await who(ctx), id(ctx), await ctx.body()), 201),
  )
  r.add('PATCH', '/api/negotiations/:id/readings/:rid', async (ctx) =>
    ok(await readings.relabel(await who(ctx), id(ctx), ctx.params.rid, await ctx.body())),
  )
  r.add('GET', '/api/negotiations/:id/readings/:rid', async (ctx) => {
    const stored = await readings.get(await who(ctx), id(ctx), ctx.params.rid)
    const format = ctx.url.searchParams.get('format') ?? 'json'
    if (format === 'txt') {
      const { body, type } = await workers.exportText(readingText(stored), 'txt')
      return { status: 200, body, type }
    }
    if (format !== 'json') throw invalid('format must be json or txt', [{ field: 'format', message: 'json or txt' }])
    const { state: _state, negotiationId: _n, ...reading } = stored
    return ok(reading)
  })
  r.add('GET', '/api/negotiations/:id/diff', async (ctx) => {
    const q = ctx.url.searchParams
    const format = compareFormatOf(q)
    const file = await comparisons.compare(await who(ctx), id(ctx), q.get('from'), q.get('to'), format)
    return { status: 200, ...file }
  })
  r.add('GET', '/api/negotiations/:id/export', async (ctx) => {
    const me = await who(ctx)
    const q = ctx.url.searchParams
    const format = exportFormatOf(q.get('format'))
    const negotiation = await access.require(me, id(ctx))
    const text = await readings.textAt(me, negotiation, q.get('reading') ?? 'live', 'reading')
    const annex = q.get('annex') === 'positions' ? await positions.list(me, negotiation.id) : undefined
    const file = await workers.exportText(text, format, {
      ...(annex ? { positions: annex } : {}),
      negotiation: negotiation.id,
    })
    const filename = `${fileName(negotiation.title, text.name)}.${file.extension}`
    return { status: 200, body: file.body, type: file.type, filename }
  })
  r.add('POST', '/api/negotiations/:id/readings/import', async (ctx) => {
    const q = ctx.url.searchParams
    let warnings: string[] = []
    const load = async () => {
      const upload = await readUpload(readAsReading, q.get('filename'), await ctx.rawBody())
      warnings = upload.warnings
      return { doc: upload.doc, ...(upload.prepared ? { update: upload.prepared.update } : {}) }
    }
    const fallbackName = (q.get('filename') ?? '').replace(/\.[^.]*$/, '')
    const [name, date] = [q.get('name'), q.get('date')]
    const reading = await readings.importReading(await who(ctx), id(ctx), load, {
      ...(name !== null && { name }),
      ...(date !== null && { date }),
      fallbackName,
    })
    return ok({ ...reading, warnings }, 201)
  })
  r.add('GET', '/api/negotiations/:id/clauses/:clauseId/history', async (ctx) =>
    ok(await history.clause(await who(ctx), id(ctx), ctx.params.clauseId)),
  )
  r.add('GET', '/api/negotiations/:id/history', async (ctx) => {
    const q = ctx.url.searchParams
    const format = compareFormatOf(q)
    const clause = q.get('clause')
    const options = { all: q.get('all') === 'true', ...(clause ? { clause } : {}) }
    const { readings: texts, title } = await services.history.acrossReadings(await who(ctx), id(ctx))
    const file = await workers.history(texts, format, options)
    return {
      status: 200,
      body: file.body,
      type: file.type,
      ...(format === 'docx' ? { filename: `${fileName(title, 'history')}.docx` } : {}),
    }
  })
  r.add('GET', '/api/negotiations/:id/invitations', async (ctx) => ok(await invitations.list(await who(ctx), id(ctx))))
  r.add('POST', '/api/negotiations/:id/invitations', async (ctx) =>
    ok(await invitations.invite(await who(ctx), id(ctx), await ctx.body()), 201),
  )
  r.add('DELETE', '/api/negotiations/:id/invitations/:iid', async (ctx) =>
    ok(await invitations.revoke(await who(ctx), id(ctx), ctx.params.iid)),
  )
  return r
}

/** A negotiation's title, checked: 1 to 300 characters. */
function titleOf(title: unknown): string {
  if (typeof title !== 'string' || !title.trim() || title.length > 300) {
    throw invalid('a negotiation needs a title (1 to 300 characters)', [{ field: 'title', message: 'required' }])
  }
  return title.trim()
}

/** `POST /api/negotiations` `{ title, text? }`: a new negotiation from
 *  notation text, or with the five empty sections. (A file sent as the raw
 *  body with `?filename=` is read by the importers instead.) */
async function createFromBody(storage: Storage, workers: Workers, body: unknown) {
  const input = (body ?? {}) as { title?: unknown; text?: unknown }
  const title = titleOf(input.title)
  if (input.text === undefined) return createNegotiation(storage, title, emptyDocument())
  if (typeof input.text !== 'string')
    throw invalid('text must be the rolling-text notation as a string', [
      { field: 'text', message: 'expected a string' },
    ])
  // Parsed, given ids and made a Yjs update in an import process.
  const parsed = await workers.parse(input.text)
  if (!parsed.ok) {
    const { line, column, message } = parsed
    throw new ApiError(400, 'invalid-notation', `text:${line}:${column}: ${message}`, [
      { field: 'text', message: `line ${line}, column ${column}: ${message}` },
    ])
  }
  return createNegotiation(storage, title, parsed.seed)
}
