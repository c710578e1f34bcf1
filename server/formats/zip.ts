import { inflateRawSync } from 'node:zlib'

/** One file of a ZIP package, as its central directory describes it. */
export interface ZipEntry {
  name: string
  /** 0 stored, 8 deflated; anything else is not read. */
  method: number
  encrypted: boolean
  compressedSize: number
  /** What the directory claims; `readEntry` never relies on it. */
  declaredSize: number
  localOffset: number
}

/** Why a package or one of its files could not be read: `damaged` (not a
 *  ZIP, truncated, an unsupported method) or `too-large` (it expands past
 *  the bound it was read with, whatever its directory declared). */
export type ZipFailure = { kind: 'damaged'; message: string } | { kind: 'too-large'; size: number }

const u16 = (b: Uint8Array, at: number) => (b[at] ?? 0) | ((b[at + 1] ?? 0) << 8)
const u32 = (b: Uint8Array, at: number) => (u16(b, at) + u16(b, at + 2) * 0x10000) >>> 0
const u64 = (b: Uint8Array, at: number) => u32(b, at) + u32(b, at + 4) * 0x1_0000_0000

const endSignature = 0x06054b50
const zip64LocatorSignature = 0x07064b50
const zip64EndSignature = 0x06064b50
const centralSignature = 0x02014b50
const localSignature = 0x04034b50

/** Where the central directory is and how many entries it holds, from the
 *  end record (ZIP64's when the plain one is saturated). */
function findDirectory(b: Uint8Array): { offset: number; count: number } | null {
  // The end record is 22 bytes plus a comment of at most 65535.
  for (let at = b.length - 22; at >= Math.max(0, b.length - 22 - 0xffff); at--) {
    if (u32(b, at) !== endSignature) continue
    let count = u16(b, at + 10)
    let offset = u32(b, at + 16)
    if ((count === 0xffff || offset === 0xffffffff) && at >= 20 && u32(b, at - 20) === zip64LocatorSignature) {
      const record = u64(b, at - 12)
      if (u32(b, record) !== zip64EndSignature) return null
      count = u64(b, record + 32)
      offset = u64(b, record + 48)
    }
    return offset < b.length ? { offset, count } : null
  }
  return null
}

/** The ZIP64 extra field's sizes and offset, where the directory entry
 *  saturated them (in this order, only those saturated). */
function zip64Values(extra: Uint8Array, saturated: number[]): number[] {
  for (let at = 0; at + 4 <= extra.length; at += 4 + u16(extra, at + 2)) {
    if (u16(extra, at) !== 0x0001) continue
    return saturated.map((_, i) => u64(extra, at + 4 + i * 8))
  }
  return saturated
}

/** The entries of a ZIP package from its central directory, or null when
 *  the bytes are not one. */
export function zipEntries(b: Uint8Array): ZipEntry[] | null {
  const directory = findDirectory(b)
  if (!directory) return null
  const entries: ZipEntry[] = []
  let at = directory.offset
  for (let i = 0; i < directory.count; i++) {
    if (at + 46 > b.length || u32(b, at) !== centralSignature) return null
    const nameLength = u16(b, at + 28)
    const extraLength = u16(b, at + 30)
    const extra = b.subarray(at + 46 + nameLength, at + 46 + nameLength + extraLength)
    const fields = [u32(b, at + 24), u32(b, at + 20), u32(b, at + 42)]
    const saturatedAt = fields.flatMap((v, k) => (v === 0xffffffff ? [k] : []))
    const wide = zip64Values(extra, saturatedAt)
    saturatedAt.forEach((k, j) => {
      fields[k] = wide[j] ?? 0
    })
    const [declaredSize = 0, compressedSize = 0, localOffset = 0] = fields
    entries.push({
      name: new TextDecoder().decode(b.subarray(at + 46, at + 46 + nameLength)),
      method: u16(b, at + 10),
      encrypted: (u16(b, at + 8) & 1) === 1,
      compressedSize,
      declaredSize,
      localOffset,
    })
    at += 46 + nameLength + extraLength + u16(b, at + 32)
  }
  return entries
}

/** The expanded bytes of one entry, at most `maxBytes` of them: inflating
 *  stops as soon as the output would pass it (a "zip bomb" costs no more
 *  than the bound, whatever the directory declares). */
export function readEntry(
  b: Uint8Array,
  entry: ZipEntry,
  maxBytes: number,
): { ok: true; bytes: Uint8Array } | ({ ok: false } & ZipFailure) {
  const damaged = (message: string) => ({ ok: false as const, kind: 'damaged' as const, message })
  const at = entry.localOffset
  if (at + 30 > b.length || u32(b, at) !== localSignature)
    return damaged(`${entry.name} cannot be found in the package`)
  if (entry.encrypted) return damaged(`${entry.name} is encrypted`)
  const start = at + 30 + u16(b, at + 26) + u16(b, at + 28)
  const data = b.subarray(start, start + entry.compressedSize)
  if (data.length < entry.compressedSize) return damaged(`${entry.name} is cut short`)
  if (entry.method === 0)
    return data.length > maxBytes ? { ok: false, kind: 'too-large', size: data.length } : { ok: true, bytes: data }
  if (entry.method !== 8)
    return damaged(`${entry.name} is compressed with a method Word does not use (${entry.method})`)
  try {
    return { ok: true, bytes: inflateRawSync(data, { maxOutputLength: Math.max(1, maxBytes) }) }
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE')
      return { ok: false, kind: 'too-large', size: maxBytes + 1 }
    return damaged(`${entry.name} cannot be unpacked`)
  }
}
