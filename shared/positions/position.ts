import type { ProposalAnchor } from './anchor'

/** A state's stance on a clause or on a bracketed option within it. */
export type Stance = 'support' | 'oppose' | 'reservation' | 'proposal' | 'neutral'

export const stances: readonly Stance[] = ['support', 'oppose', 'reservation', 'proposal', 'neutral']

/** A position a delegation takes, as stored and pushed to every client. */
export interface Position {
  id: string
  negotiationId: string
  /** The state that holds it; always the state of the author's token. */
  state: string
  clauseId: string
  /** What in the clause the position is about, quoted: a bracketed option's
   *  text (`lethal`) or any span; null for the whole clause. */
  target: string | null
  stance: Stance
  comment: string
  /** Where it was stated: `statement`, `working paper`, a document symbol. */
  source: string
  /** The reading the position was taken on (a reading id), or null for the live text. */
  reading: string | null
  /** The clause's text (the notation, white space folded) in that reading, or
   *  in the live text when it was recorded or last changed: how the panel
   *  and the matrix know the clause has changed since. Absent on positions
   *  recorded before it was kept. */
  clauseText?: string
  /** Who recorded it (the token's display name). */
  author: string
  createdAt: string
  updatedAt: string
}

/** Where a proposal stands. */
export type ProposalStatus = 'open' | 'inserted' | 'declined' | 'withdrawn'

/** Alternative wording a state proposes for a clause or a span of it. */
export interface Proposal {
  id: string
  negotiationId: string
  state: string
  clauseId: string
  /** The span the wording would replace, quoted; null for the whole clause. */
  target: string | null
  /** Where `target` stood when the proposal was made (which of the places reading so, in the clause's text
   *  then): where "Insert as alternative" puts it. Absent for the whole clause, and on proposals made before
   *  anchors were kept. */
  anchor?: ProposalAnchor
  text: string
  comment: string
  author: string
  createdAt: string
  /** `inserted` once the chair or an editor put it into the text as an
   *  alternative; `declined` by them (with `reason`); `withdrawn` by its
   *  delegation. Declined and withdrawn proposals can be reopened. */
  status: ProposalStatus
  /** Why the chair or an editor declined it. */
  reason?: string
  /** Who last changed its status, and when. */
  decided?: { by: string; at: string }
}

/** What a client sends to record or change a position. */
export interface PositionInput {
  clauseId: string
  target?: string | null
  stance: Stance
  comment?: string
  source?: string
  reading?: string | null
}

/** What a client sends to propose wording. */
export interface ProposalInput {
  clauseId: string
  target?: string | null
  /** Which of the places in the clause reading as `target` is meant (0, the first, unless told): the
   *  words selected in the text. */
  occurrence?: number
  text: string
  comment?: string
}

/** A validation failure: the field and a message a user can act on. */
export interface InputError {
  field: string
  message: string
}

const limits = { target: 2000, comment: 4000, source: 500, text: 8000 }

function optionalString(
  input: Record<string, unknown>,
  field: keyof typeof limits,
  errors: InputError[],
): string | null {
  const value = input[field]
  if (value === undefined || value === null) return null
  if (typeof value !== 'string') errors.push({ field, message: `${field} must be a string` })
  else if (value.length > limits[field])
    errors.push({ field, message: `${field} is longer than ${limits[field]} characters` })
  else return value
  return null
}

function clauseIdOf(input: Record<string, unknown>, errors: InputError[]): string {
  const id = input.clauseId
  if (typeof id !== 'string' || id === '') errors.push({ field: 'clauseId', message: 'clauseId must name a clause' })
  return typeof id === 'string' ? id : ''
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

/** Checks the shape of a position sent by a client. Whether the clause exists
 *  and who may write it is for the server to check. */
export function validatePositionInput(
  input: unknown,
): { ok: true; value: PositionInput } | { ok: false; errors: InputError[] } {
  if (!isRecord(input)) return { ok: false, errors: [{ field: '', message: 'expected a JSON object' }] }
  const errors: InputError[] = []
  const clauseId = clauseIdOf(input, errors)
  if (!stances.includes(input.stance as Stance)) {
    errors.push({ field: 'stance', message: `stance must be one of ${stances.join(', ')}` })
  }
  const value: PositionInput = {
    clauseId,
    stance: input.stance as Stance,
    target: optionalString(input, 'target', errors),
    comment: optionalString(input, 'comment', errors) ?? '',
    source: optionalString(input, 'source', errors) ?? '',
    reading: typeof input.reading === 'string' ? input.reading : null,
  }
  return errors.length ? { ok: false, errors } : { ok: true, value }
}

/** Checks the shape of a proposal sent by a client. */
export function validateProposalInput(
  input: unknown,
): { ok: true; value: ProposalInput } | { ok: false; errors: InputError[] } {
  if (!isRecord(input)) return { ok: false, errors: [{ field: '', message: 'expected a JSON object' }] }
  const errors: InputError[] = []
  const clauseId = clauseIdOf(input, errors)
  const text = optionalString(input, 'text', errors)
  if (!text?.trim()) errors.push({ field: 'text', message: 'text must hold the proposed wording' })
  const value: ProposalInput = {
    clauseId,
    text: text ?? '',
    target: optionalString(input, 'target', errors),
    comment: optionalString(input, 'comment', errors) ?? '',
  }
  const occurrence = input.occurrence
  if (occurrence !== undefined) {
    if (typeof occurrence === 'number' && Number.isInteger(occurrence) && occurrence >= 0) value.occurrence = occurrence
    else errors.push({ field: 'occurrence', message: 'occurrence must be a whole number from 0' })
  }
  return errors.length ? { ok: false, errors } : { ok: true, value }
}

/** How contested a clause is, for sorting the matrix: states split between
 *  support and objection (oppose, reservation, a counter-proposal) rank first,
 *  then clauses with more objections. Zero when nobody objects. */
export function contestedness(positions: readonly Pick<Position, 'stance'>[]): number {
  const against = positions.filter(
    (p) => p.stance === 'oppose' || p.stance === 'reservation' || p.stance === 'proposal',
  ).length
  const support = positions.filter((p) => p.stance === 'support').length
  return 2 * Math.min(support, against) + against
}
