import { readFileSync } from 'node:fs'
import type { Node } from 'prosemirror-model'
import { formatNotationError, parseNotation } from '../../shared/notation/parse'

/** Parses notation text in a test; a parse error fails the test with its location. */
export function parseText(text: string): Node {
  const result = parseNotation(text)
  if (!result.ok) throw new Error(formatNotationError('test input', result.error))
  return result.doc
}

/** A reading written as lines of notation: `reading('# I. T', '1. a')`. */
export function reading(...lines: string[]): Node {
  return parseText(lines.join('\n'))
}

/** Reads and parses a fixture from tests/fixtures. */
export function fixture(name: string): Node {
  return parseText(readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8'))
}

/** The error a text that must not parse gives; one that parses fails the test. */
export function parseError(text: string) {
  const result = parseNotation(text)
  if (result.ok) throw new Error('expected a parse error')
  return result.error
}
