// The "under attack" load of bench/server.bench.ts, in a process of its own
// so that it does not slow the measuring clients: observers replaying
// SyncStep1 with an empty state vector and flooding presence (reconnecting
// whenever the server closes them), and one looping Word exports.
//
//   node bin/run-ts.mjs bench/attackers.ts WS_URL ROOM HTTP_URL EXPORT_TOKEN TOKEN...
import * as encoding from 'lib0/encoding'
import WebSocket from 'ws'
import * as Y from 'yjs'

const [wsUrl, room, httpUrl, exportToken, ...tokens] = process.argv.slice(2)
if (!wsUrl || !room || !httpUrl || !exportToken || !tokens.length) {
  console.error('usage: attackers.ts WS_URL ROOM HTTP_URL EXPORT_TOKEN TOKEN...')
  process.exit(1)
}

const step1 = (() => {
  const e = encoding.createEncoder()
  encoding.writeVarUint(e, 0)
  encoding.writeVarUint(e, 0)
  encoding.writeVarUint8Array(e, Y.encodeStateVector(new Y.Doc()))
  return encoding.toUint8Array(e)
})()

function presence(clientID: number, clock: number): Uint8Array {
  const e = encoding.createEncoder()
  encoding.writeVarUint(e, 1)
  const inner = encoding.createEncoder()
  encoding.writeVarUint(inner, 1)
  encoding.writeVarUint(inner, clientID)
  encoding.writeVarUint(inner, clock)
  encoding.writeVarString(inner, JSON.stringify({ user: { name: 'x'.repeat(900), color: '#1f6fb2' }, cursor: null }))
  encoding.writeVarUint8Array(e, encoding.toUint8Array(inner))
  return encoding.toUint8Array(e)
}

let sent = 0
let closes = 0
let exports = 0
let refusedExports = 0

/** One observer: 50 sync requests and 10 presence states a second, from
 *  ten sockets on its token, each reopened as soon as it is closed. */
function observer(token: string): void {
  for (let k = 0; k < 10; k++) {
    const open = () => {
      const ws = new WebSocket(`${wsUrl}/${room}?token=${encodeURIComponent(token)}`)
      const id = 1 + Math.floor(Math.random() * 2 ** 30)
      let clock = 0
      let timer: NodeJS.Timeout | null = null
      ws.on('open', () => {
        timer = setInterval(() => {
          if (ws.readyState !== WebSocket.OPEN) return
          ws.send(step1)
          if (++clock % 5 === 0) ws.send(presence(id, clock))
          sent++
        }, 200)
      })
      ws.on('close', () => {
        closes++
        if (timer) clearInterval(timer)
        setTimeout(open, 100)
      })
      ws.on('error', () => {})
    }
    open()
  }
}

async function exporter(): Promise<void> {
  for (;;) {
    const res = await fetch(`${httpUrl}/api/negotiations/${room}/export?format=docx`, {
      headers: { authorization: `Bearer ${exportToken}` },
    }).catch(() => null)
    if (res?.ok) exports++
    else refusedExports++
    await res?.arrayBuffer().catch(() => null)
  }
}

for (const t of tokens) observer(t)
void exporter()
process.on('SIGTERM', () => {
  console.log(JSON.stringify({ sent, closes, exports, refusedExports }))
  process.exit(0)
})
