// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest'
import { reportImport } from '../../../client/views/files'
import { Notices } from '../../../client/views/notices'

describe('after an upload', () => {
  it("lists the import's warnings, each with its place and quoted paragraph, until dismissed", () => {
    const notices = new Notices()
    reportImport(notices, 'Reading imported.', {
      id: 'r1',
      warnings: [
        'section I, "1. States shall report.": a footnote is not part of the text model: left out (it reads "See FCCC/SBI/2026/4.")',
        'table 1: a table is not part of the text model: left out (it reads "Party Pledge")',
      ],
    })
    const notice = notices.element.querySelector('.rt-notice-warning')
    expect(notice?.querySelector('span')?.textContent).toBe('Reading imported. 2 warnings:')
    expect(Array.from(notice?.querySelectorAll('li') ?? []).map((li) => li.textContent)).toEqual([
      'section I, "1. States shall report.": a footnote is not part of the text model: left out (it reads "See FCCC/SBI/2026/4.")',
      'table 1: a table is not part of the text model: left out (it reads "Party Pledge")',
    ])
    notice?.querySelector('button')?.click()
    expect(notices.element.querySelector('.rt-notice-warning')).toBeNull()
  })

  it('says only that it is done when there were no warnings', () => {
    const notices = new Notices()
    reportImport(notices, 'Reading imported.', { id: 'r1', warnings: [] })
    expect(notices.element.textContent).toContain('Reading imported.')
    expect(notices.element.querySelector('li')).toBeNull()
  })
})
