import { knownStates } from '../../shared/states/names'
import { h } from '../dom'
import { may } from '../../shared/protocol/roles'
import type { ExportFormat, Invitation, Me } from '../../shared/protocol/wire'
import { exportPath, uploadPaths, type Api } from '../api'
import { runAction, type Notices } from './notices'

/** Hands a downloaded file to the user: saved under its name, or opened in a
 *  new tab when it is a page to read or print. */
export function saveDownload(blob: Blob, filename: string, open = false): void {
  const url = URL.createObjectURL(blob)
  if (open) window.open(url, '_blank', 'noopener')
  else h('a', { href: url, download: filename }).click()
  setTimeout(() => URL.revokeObjectURL(url), 60_000)
}

/** The formats a text downloads in, as the menus name them. */
export const exportFormats: { format: ExportFormat; label: string; short: string }[] = [
  { format: 'docx', label: 'Word (.docx)', short: '.docx' },
  { format: 'txt', label: 'Text notation (.txt)', short: '.txt' },
  { format: 'akn', label: 'Akoma Ntoso (.xml)', short: '.xml' },
  { format: 'html', label: 'Web page (.html)', short: '.html' },
]

/** A button that downloads one text (the live text, or a reading) in one format. */
export function exportButton(
  api: Api,
  negotiation: string,
  notices: Notices,
  format: ExportFormat,
  label: string,
  reading?: string,
  name = label,
): HTMLButtonElement {
  const button: HTMLButtonElement = h(
    'button',
    {
      type: 'button',
      'aria-label': name,
      onclick: () =>
        runAction(button, notices, async () => {
          const file = await api.download(exportPath(negotiation, format, reading))
          saveDownload(file.blob, file.filename)
        }),
    },
    label,
  )
  return button
}

/** The file menu: export the text in each format; the chair also imports a
 *  file as an earlier reading or as a new negotiation. */
export function fileMenu(api: Api, negotiation: string, me: Me, notices: Notices): HTMLElement {
  const exportButtons = exportFormats.map(({ format, label }) => exportButton(api, negotiation, notices, format, label))
  const upload = (label: string, send: (file: File) => Promise<unknown>, done: string) => {
    const input = h('input', {
      type: 'file',
      accept: '.txt,.docx,.xml,.html',
      class: 'rt-visually-hidden',
      'aria-label': label,
      onchange: () => {
        const file = input.files?.[0]
        if (!file) return
        let reply: unknown
        runAction(null, notices, async () => {
          reply = await send(file)
        }).then((ok) => ok && reportImport(notices, done, reply))
        input.value = ''
      },
    })
    return h(
      'label',
      {
        class: 'rt-file-button',
        tabindex: 0,
        onkeydown: (e: KeyboardEvent) => {
          if (e.key === 'Enter' || e.key === ' ') {
            e.preventDefault()
            input.click()
          }
        },
      },
      label,
      input,
    )
  }
  return h(
    'details',
    { class: 'rt-menu' },
    h('summary', {}, 'Files'),
    h(
      'div',
      { class: 'rt-menu-body', role: 'group', 'aria-label': 'Export and import' },
      h('p', { class: 'rt-menu-heading' }, 'Export the live text'),
      exportButtons,
      may(me.role, 'manage-readings') && [
        h('p', { class: 'rt-menu-heading' }, 'Import'),
        upload(
          'Earlier reading from a file…',
          (file) => api.upload(uploadPaths.reading(negotiation), file),
          'Reading imported.',
        ),
        may(me.role, 'start-negotiations') &&
          upload(
            'New negotiation from a file…',
            (file) => createFromFile(api, file),
            'Negotiation created: reload the page to choose it.',
          ),
      ],
    ),
  )
}

/** Says an import is done and, when the importer had warnings, lists them
 *  (each names the place and quotes the paragraph), so the chair sees what
 *  was left out or kept as plain text. */
export function reportImport(notices: Notices, done: string, reply: unknown): void {
  const warnings = (reply as { warnings?: unknown } | null)?.warnings
  const list = Array.isArray(warnings) ? warnings.filter((w): w is string => typeof w === 'string') : []
  if (!list.length) notices.show(done)
  else notices.list(`${done} ${list.length} warning${list.length === 1 ? '' : 's'}:`, list)
}

/** Starts a negotiation from a file: text in the notation goes as JSON with
 *  its `% title:` (or the file name) as title; other formats are sent as they
 *  are, for the server to read or refuse with its own message. */
async function createFromFile(api: Api, file: File): Promise<unknown> {
  if (!/\.txt$/i.test(file.name)) return api.upload(uploadPaths.negotiation, file)
  const text = await file.text()
  const title = /^% title:\s*(.+)$/m.exec(text)?.[1].trim() ?? file.name.replace(/\.txt$/i, '')
  return api.createNegotiation(title, text)
}

/** The chair's invitations: a form for a new link (a role, and a state for a
 *  delegation), and the links issued so far, each with a way to revoke it. */
export function inviteMenu(api: Api, negotiation: string, me: Me, notices: Notices): HTMLElement {
  const role = h(
    'select',
    { 'aria-label': 'Role' },
    ['delegation', 'observer', 'editor', 'chair'].map((r) => h('option', { value: r }, r)),
  )
  const state = stateInput('State (for a delegation)', 'rt-invite-states')
  const link = h('input', { readonly: true, 'aria-label': 'Invitation link', class: 'rt-invite-link', hidden: true })
  const copy = h(
    'button',
    {
      type: 'button',
      hidden: true,
      onclick: () =>
        navigator.clipboard.writeText(link.value).then(
          () => notices.show('Link copied.'),
          () => notices.show('The browser did not allow copying: select the link and copy it.', 'error'),
        ),
    },
    'Copy',
  )
  const submit = h('button', { type: 'submit' }, 'Create link')
  const issued = h('ul', { class: 'rt-invitations', 'aria-label': 'Invitations issued' })
  const refresh = () =>
    runAction(null, notices, async () => {
      issued.replaceChildren(
        ...(await api.invitations(negotiation))
          .reverse()
          .map((i) => invitationItem(api, negotiation, notices, i, i.id === me.invitation, refresh)),
      )
    })
  const form = h(
    'form',
    {
      'aria-label': 'Invite someone',
      onsubmit: (e: Event) => {
        e.preventDefault()
        runAction(submit, notices, async () => {
          const invitation = await api.invite(negotiation, role.value as Me['role'], state.value.trim() || undefined)
          link.value = invitation.url
          link.hidden = false
          copy.hidden = false
          link.select()
          await refresh()
        })
      },
    },
    h('label', {}, 'Role ', role),
    h('label', {}, 'State ', state),
    submit,
    link,
    copy,
  )
  const menu = h(
    'details',
    { class: 'rt-menu' },
    h('summary', {}, 'Invite'),
    h('div', { class: 'rt-menu-body' }, form, h('p', { class: 'rt-menu-heading' }, 'Links issued'), issued),
  )
  menu.addEventListener('toggle', () => {
    if (menu.open) void refresh()
  })
  return menu
}

/** One issued link: who it is for, and Revoke (or when it was revoked; or
 *  nothing for the link this chair is signed in with). */
function invitationItem(
  api: Api,
  negotiation: string,
  notices: Notices,
  invitation: Invitation,
  own: boolean,
  changed: () => unknown,
): HTMLElement {
  const who = `${invitation.name} (${invitation.role})`
  const revoke: HTMLButtonElement = h(
    'button',
    {
      type: 'button',
      'aria-label': `Revoke the link of ${invitation.name}`,
      onclick: () => {
        if (!window.confirm(`Revoke the link of ${invitation.name}? Whoever uses it is disconnected at once.`)) return
        runAction(revoke, notices, async () => {
          await api.revokeInvitation(negotiation, invitation.id)
          notices.show(`Link of ${invitation.name} revoked.`)
          await changed()
        })
      },
    },
    'Revoke',
  )
  return h(
    'li',
    { class: 'rt-invitation', 'data-revoked': invitation.revokedAt ? 'true' : 'false' },
    h('span', { dir: 'auto' }, who),
    ' ',
    invitation.revokedAt
      ? h('span', { class: 'rt-note' }, `revoked ${invitation.revokedAt.slice(0, 10)}`)
      : own
        ? h('span', { class: 'rt-note' }, 'your link')
        : revoke,
  )
}

/** A state field: type a name or pick one of the UN member and observer
 *  states from the list (organisations such as the ICRC may be typed); the
 *  server stores the UN's spelling. */
export function stateInput(label: string, listId: string): HTMLInputElement {
  let list = document.getElementById(listId)
  if (!list) {
    list = h(
      'datalist',
      { id: listId },
      knownStates.map((name) => h('option', { value: name })),
    )
    document.body.appendChild(list)
  }
  return h('input', { 'aria-label': label, placeholder: 'State', dir: 'auto', list: listId, autocomplete: 'off' })
}
