import type { Position, PositionInput, Proposal, ProposalInput } from '../shared/positions/position'
import type { MatrixAsOf } from '../shared/positions/as-of'
import type { ReadingDiff } from '../shared/diff/types'
import type { Role } from '../shared/protocol/roles'
import type { ExportFormat, HistoryEntry, Invitation, Me, Negotiation, ReadingSummary } from '../shared/protocol/wire'

/** A failed request: the server's own message, shown to the user as is. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message)
  }
}

/** Either side of a comparison: a reading id or the live text. */
export type DiffSide = string | 'live'

/** The HTTP API. The browser authenticates with its session cookie (sent by
 *  itself, same origin); given a token, requests carry it as a bearer
 *  instead (to ask who a link is for before trading it for a session). */
export class Api {
  constructor(
    private readonly token: string | null = null,
    private readonly base = '',
  ) {}

  /** Sends one request and returns the parsed JSON body; throws ApiError with
   *  the server's message (or a plain description when there is none). */
  async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await this.send(
      method,
      path,
      body === undefined ? undefined : JSON.stringify(body),
      'application/json',
    )
    if (response.status === 204) return undefined as T
    return response.json() as Promise<T>
  }

  /** Fetches a file the server generates; the caller saves it. */
  async download(path: string): Promise<{ blob: Blob; filename: string }> {
    const response = await this.send('GET', path)
    const disposition = response.headers.get('content-disposition') ?? ''
    const filename = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition)?.[1]
    return {
      blob: await response.blob(),
      filename: decodeURIComponent(filename ?? (path.split('/').pop() ?? '').split('?')[0]),
    }
  }

  /** Sends a file as the raw request body, its name in a query parameter. */
  upload<T>(path: string, file: File): Promise<T> {
    const separator = path.includes('?') ? '&' : '?'
    return this.send(
      'POST',
      `${path}${separator}filename=${encodeURIComponent(file.name)}`,
      file,
      file.type || 'application/octet-stream',
    ).then((response) => response.json() as Promise<T>)
  }

  private async send(method: string, path: string, body?: BodyInit, contentType?: string): Promise<Response> {
    const headers: Record<string, string> = this.token ? { Authorization: `Bearer ${this.token}` } : {}
    if (body !== undefined && contentType) headers['Content-Type'] = contentType
    let response: Response
    try {
      response = await fetch(this.base + path, { method, headers, ...(body !== undefined && { body }) })
    } catch {
      throw new ApiError(0, 'network', 'The server cannot be reached. Check the connection and try again.')
    }
    if (!response.ok) throw await errorOf(response)
    return response
  }

  /** Trades an invitation token for this browser's session: the server sets
   *  an HttpOnly cookie, so the token need not be kept or sent again. */
  startSession(token: string): Promise<Me> {
    return this.withToken(token).request('POST', '/api/session')
  }
  /** Ends this browser's session (the server clears its cookie). */
  endSession(): Promise<void> {
    return this.request('DELETE', '/api/session')
  }
  /** The same API, authenticated with `token` as a bearer. */
  withToken(token: string): Api {
    return new Api(token, this.base)
  }

  me(): Promise<Me> {
    return this.request('GET', '/api/me')
  }
  negotiations(): Promise<Negotiation[]> {
    return this.request('GET', '/api/negotiations')
  }

  addPosition(negotiation: string, input: PositionInput): Promise<Position> {
    return this.request('POST', `${root(negotiation)}/positions`, input)
  }
  updatePosition(negotiation: string, id: string, input: PositionInput): Promise<Position> {
    return this.request('PUT', `${root(negotiation)}/positions/${encodeURIComponent(id)}`, input)
  }
  withdrawPosition(negotiation: string, id: string): Promise<void> {
    return this.request('DELETE', `${root(negotiation)}/positions/${encodeURIComponent(id)}`)
  }
  propose(negotiation: string, input: ProposalInput): Promise<Proposal> {
    return this.request('POST', `${root(negotiation)}/proposals`, input)
  }
  /** Declines (with a reason), withdraws or reopens a proposal. */
  changeProposal(
    negotiation: string,
    id: string,
    change: 'decline' | 'withdraw' | 'reopen',
    reason?: string,
  ): Promise<Proposal> {
    return this.request(
      'POST',
      `${root(negotiation)}/proposals/${encodeURIComponent(id)}/${change}`,
      reason ? { reason } : {},
    )
  }
  markInserted(negotiation: string, id: string): Promise<Proposal> {
    return this.request('POST', `${root(negotiation)}/proposals/${encodeURIComponent(id)}/inserted`, {})
  }

  readings(negotiation: string): Promise<ReadingSummary[]> {
    return this.request('GET', `${root(negotiation)}/readings`)
  }
  freezeReading(negotiation: string, name: string, date?: string): Promise<ReadingSummary> {
    return this.request('POST', `${root(negotiation)}/readings`, date ? { name, date } : { name })
  }
  /** Renames a reading and sets its note (the chair). */
  relabelReading(negotiation: string, id: string, labels: { name: string; note: string }): Promise<ReadingSummary> {
    return this.request('PATCH', `${root(negotiation)}/readings/${encodeURIComponent(id)}`, labels)
  }
  diff(negotiation: string, from: DiffSide, to: DiffSide): Promise<ReadingDiff> {
    return this.request('GET', diffPath(negotiation, from, to))
  }
  /** A frozen reading with its text (ProseMirror JSON). */
  readingText(negotiation: string, id: string): Promise<{ doc: unknown }> {
    return this.request('GET', `${root(negotiation)}/readings/${encodeURIComponent(id)}`)
  }
  /** The positions matrix as of a frozen reading: its clauses, the positions recorded up to it. */
  matrixAsOf(negotiation: string, reading: string): Promise<MatrixAsOf> {
    return this.request('GET', `${root(negotiation)}/matrix?${new URLSearchParams({ reading })}`)
  }
  clauseHistory(negotiation: string, clauseId: string): Promise<HistoryEntry[]> {
    return this.request('GET', `${root(negotiation)}/clauses/${encodeURIComponent(clauseId)}/history`)
  }
  /** Starts a negotiation from text in the notation (`POST /api/negotiations`). */
  createNegotiation(title: string, text: string): Promise<Negotiation> {
    return this.request('POST', uploadPaths.negotiation, { title, text })
  }
  invite(negotiation: string, role: Role, state?: string): Promise<{ token: string; url: string }> {
    return this.request('POST', `${root(negotiation)}/invitations`, state ? { role, state } : { role })
  }
  invitations(negotiation: string): Promise<Invitation[]> {
    return this.request('GET', `${root(negotiation)}/invitations`)
  }
  revokeInvitation(negotiation: string, id: string): Promise<Invitation> {
    return this.request('DELETE', `${root(negotiation)}/invitations/${encodeURIComponent(id)}`)
  }
}

/** The path of one negotiation's API. */
const root = (negotiation: string) => `/api/negotiations/${encodeURIComponent(negotiation)}`

/** The comparison between two sides; `format` asks for a printable page or a document. */
export function diffPath(negotiation: string, from: DiffSide, to: DiffSide, format?: 'html' | 'docx'): string {
  const query = new URLSearchParams({ from, to })
  if (format) query.set('format', format)
  return `${root(negotiation)}/diff?${query}`
}

/** The life of every clause across the frozen readings as a file (one clause with `clause`). */
export function historyPath(negotiation: string, format: 'html' | 'docx', clause?: string): string {
  const query = new URLSearchParams({ format })
  if (clause) query.set('clause', clause)
  return `${root(negotiation)}/history?${query}`
}

/** The text (or one frozen reading of it) in a file format. */
export function exportPath(negotiation: string, format: ExportFormat, reading?: string): string {
  const query = new URLSearchParams({ format })
  if (reading) query.set('reading', reading)
  return `${root(negotiation)}/export?${query}`
}

/** Where a file for a new negotiation, or an earlier reading, is uploaded. */
export const uploadPaths = {
  negotiation: '/api/negotiations',
  reading: (negotiation: string) => `${root(negotiation)}/readings/import`,
}

async function errorOf(response: Response): Promise<ApiError> {
  try {
    const body = (await response.json()) as { error?: { code?: string; message?: string } }
    if (body?.error?.message) return new ApiError(response.status, body.error.code ?? 'error', body.error.message)
  } catch {
    /* not JSON: fall through to a plain description */
  }
  const plain =
    response.status === 404
      ? 'The server does not offer this yet (404).'
      : `The server answered ${response.status} ${response.statusText}.`
  return new ApiError(response.status, 'http', plain)
}
