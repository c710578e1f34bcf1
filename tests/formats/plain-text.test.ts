import { describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { importPlainText, importText, looksLikeNotation } from '../../shared/formats/plain-text'
import { serializeNotation } from '../../shared/notation/serialize'
import { fixture } from '../builders/notation'

const sample = readFileSync(new URL('../fixtures/sample-reading-2.txt', import.meta.url), 'utf8')

describe('importing text files', () => {
  it('reads a UN-style text (headings without #, no metadata lines) into the same clauses', () => {
    const plain = sample
      .split('\n')
      .filter((l) => !l.startsWith('%'))
      .map((l) => l.replace(/^# /, ''))
      .join('\n')
    expect(looksLikeNotation(plain)).toBe(false)
    const result = importPlainText(plain)
    if (!result.ok) throw new Error(result.error.message)
    // Everything but the metadata, which the plain text does not have.
    expect(result.doc.content.toJSON()).toEqual(fixture('sample-reading-2.txt').content.toJSON())
    expect(result.warnings).toEqual([])
  })

  it('reads the notation as the notation, and cites its errors by line and column', () => {
    const result = importText(sample)
    expect(result.ok && serializeNotation(result.doc)).toBe(serializeNotation(fixture('sample-reading-2.txt')))
    expect(importText('# I. A\n1. x [y\n')).toEqual({
      ok: false,
      error: { location: 'line 2, column 6', message: "'[' is never closed" },
    })
  })

  it('puts a text without headings in section I and says so; keeps a number used twice as text and cites it by line', () => {
    const result = importPlainText('1. One.\n2. Two.')
    expect(result.ok && serializeNotation(result.doc)).toBe('# I.\n1. One.\n2. Two.\n')
    expect(result.ok && result.warnings).toEqual([
      { location: 'document', message: "no section heading ('I. Title') found: the whole text is put in section I" },
    ])
    // One problem never loses the document: the repeated number stays as text.
    const twice = importPlainText('I. A\n1. One.\n\n1. Again.')
    expect(twice.ok && serializeNotation(twice.doc)).toBe('# I. A\n1. One.\n\n\\1. Again.\n')
    expect(twice.ok && twice.warnings).toEqual([
      { location: 'line 4', message: 'I.1 is numbered twice: kept as an unnumbered paragraph, its number as text' },
    ])
  })
})
