#!/usr/bin/env node
// The baseline server (@y/websocket-server@0.1.1, as its own server.js runs
// it) with one thing added: every update is appended to SQLite (WAL,
// synchronous=NORMAL, one committed row per update) before it is relayed.
// It shows what durable storage alone costs a relay on this machine, apart
// from everything else rolling-text does (tokens, roles, validation).
// Settings: HOST, PORT, DATA_DIR.
import { mkdirSync } from 'node:fs'
import http from 'node:http'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { WebSocketServer } from 'ws'
import { setPersistence, setupWSConnection } from '@y/websocket-server/utils'

const dataDir = process.env.DATA_DIR ?? 'bench-data'
mkdirSync(dataDir, { recursive: true })
const db = new Database(join(dataDir, 'baseline.sqlite'))
db.pragma('journal_mode = WAL')
db.pragma('synchronous = NORMAL')
db.exec(
  'CREATE TABLE IF NOT EXISTS updates (seq INTEGER PRIMARY KEY AUTOINCREMENT, doc TEXT NOT NULL, data BLOB NOT NULL, at TEXT NOT NULL)',
)
const append = db.prepare('INSERT INTO updates (doc, data, at) VALUES (?, ?, ?)')

setPersistence({
  provider: db,
  bindState(docName, doc) {
    // The server relays from an 'update' listener added when the document
    // was made; storing must come first, so ours goes ahead of it.
    const store = (update) => append.run(docName, update, new Date().toISOString())
    const relay = [...doc._observers.get('update')]
    for (const f of relay) doc.off('update', f)
    doc.on('update', store)
    for (const f of relay) doc.on('update', f)
  },
  writeState: async () => {},
})

const wss = new WebSocketServer({ noServer: true })
wss.on('connection', setupWSConnection)
const server = http.createServer((_req, res) => res.end('okay'))
server.on('upgrade', (req, socket, head) =>
  wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req)),
)
server.listen(Number(process.env.PORT ?? 1234), process.env.HOST ?? '127.0.0.1', () => {
  console.log(`running at '${process.env.HOST}' on port ${server.address().port}`)
})
