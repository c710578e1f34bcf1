import { escapeHtml } from './render-html'
import type { ReadingHistory } from './history'

/** Line colours for sections, distinct in print and for common colour blindness. */
const palette = ['#1565c0', '#c62828', '#2e7d32', '#6a1b9a', '#ef6c00', '#00838f', '#ad1457', '#4e342e']

/** The bracket burn-down as a standalone SVG chart (SPEC.md D14): bracket
 *  pairs left per reading, one line per section and a heavier one for the
 *  whole text, readings along the bottom. Plain SVG with a title and a
 *  description, so it reads in a browser, in the HTML export and in print. */
export function burnDownSvg(history: Pick<ReadingHistory, 'readings' | 'burnDown'>, width = 640, height = 320): string {
  const { readings, burnDown } = history
  const pad = { left: 44, right: 150, top: 16, bottom: 48 }
  const plotW = width - pad.left - pad.right
  const plotH = height - pad.top - pad.bottom
  const max = Math.max(1, ...burnDown.total)
  const x = (k: number) => pad.left + (readings.length > 1 ? (k * plotW) / (readings.length - 1) : plotW / 2)
  const y = (v: number) => pad.top + plotH - (v * plotH) / max
  const line = (counts: readonly (number | null)[]) => {
    const parts: string[] = []
    let pen = 'M'
    counts.forEach((v, k) => {
      if (v === null) {
        pen = 'M'
        return
      }
      parts.push(`${pen}${x(k).toFixed(1)},${y(v).toFixed(1)}`)
      pen = 'L'
    })
    return parts.join(' ')
  }
  const ticks = [0, Math.round(max / 2), max]
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" class="rt-burndown" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-labelledby="rt-burndown-title rt-burndown-desc">`,
    '<title id="rt-burndown-title">Brackets left per reading</title>',
    `<desc id="rt-burndown-desc">${escapeHtml(describe(history))}</desc>`,
    `<g font-family="system-ui, sans-serif" font-size="11" fill="#444">`,
    ...ticks.map(
      (t) =>
        `<line x1="${pad.left}" x2="${pad.left + plotW}" y1="${y(t).toFixed(1)}" y2="${y(t).toFixed(1)}" stroke="#ddd"/><text x="${pad.left - 6}" y="${(y(t) + 4).toFixed(1)}" text-anchor="end">${t}</text>`,
    ),
    ...readings.map(
      (name, k) =>
        `<text x="${x(k).toFixed(1)}" y="${height - pad.bottom + 16}" text-anchor="middle">${escapeHtml(short(name))}</text>`,
    ),
    '</g>',
    ...burnDown.sections.map(
      (s, i) =>
        `<path d="${line(s.counts)}" fill="none" stroke="${palette[i % palette.length]}" stroke-width="1.5"><title>${escapeHtml(`${s.numeral}. ${s.title}`)}</title></path>`,
    ),
    `<path d="${line(burnDown.total)}" fill="none" stroke="#111" stroke-width="3"><title>Whole text</title></path>`,
    ...legend(history, width - pad.right + 12, pad.top),
    '</svg>',
  ]
  return out.join('\n')
}

const short = (name: string) => (name.length > 14 ? `${name.slice(0, 13)}…` : name)

function legend(history: Pick<ReadingHistory, 'burnDown'>, left: number, top: number): string[] {
  const rows = [
    { label: 'Whole text', colour: '#111', width: 3 },
    ...history.burnDown.sections.map((s, i) => ({
      label: `${s.numeral}. ${s.title}`,
      colour: palette[i % palette.length],
      width: 1.5,
    })),
  ]
  return rows.map(
    (r, i) =>
      `<g font-family="system-ui, sans-serif" font-size="11"><line x1="${left}" x2="${left + 16}" y1="${top + i * 16 + 6}" y2="${top + i * 16 + 6}" stroke="${r.colour}" stroke-width="${r.width}"/><text x="${left + 20}" y="${top + i * 16 + 10}">${escapeHtml(short(r.label))}</text></g>`,
  )
}

/** The chart's numbers in words, for screen readers. */
function describe(history: Pick<ReadingHistory, 'readings' | 'burnDown'>): string {
  const total = history.burnDown.total.map((v, k) => `${history.readings[k]}: ${v}`).join(', ')
  return `Bracket pairs in the whole text per reading: ${total}.`
}
