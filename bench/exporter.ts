// The "during exports" load of bench/server.bench.ts, in a process of its
// own so that it does not slow the measuring clients: an observer looping
// Word exports of one negotiation's live text, as many at once as one
// invitation may run (two loops), waiting a moment when refused (429).
// On SIGTERM it prints what it did as one JSON line.
//
//   node bin/run-ts.mjs bench/exporter.ts HTTP_URL NEGOTIATION TOKEN
import { setTimeout as wait } from 'node:timers/promises'

const [httpUrl, negotiation, token] = process.argv.slice(2)
if (!httpUrl || !negotiation || !token) {
  console.error('usage: exporter.ts HTTP_URL NEGOTIATION TOKEN')
  process.exit(1)
}

let exports = 0
let refused = 0
let exportMs = 0

async function loop(): Promise<void> {
  for (;;) {
    const started = performance.now()
    const res = await fetch(`${httpUrl}/api/negotiations/${negotiation}/export?format=docx`, {
      headers: { authorization: `Bearer ${token}` },
    }).catch(() => null)
    await res?.arrayBuffer().catch(() => null)
    if (res?.ok) {
      exports++
      exportMs += performance.now() - started
    } else {
      refused++
      await wait(250)
    }
  }
}

void loop()
void loop()
process.on('SIGTERM', () => {
  console.log(JSON.stringify({ exports, refused, meanExportMs: exports ? Math.round(exportMs / exports) : null }))
  process.exit(0)
})
