/**
 * The floor: the reference y-websocket server (`@y/websocket-server` 0.1.1, Yjs 13 line) as its
 * README runs it: `setupWSConnection` on a `ws` server, no auth, everything in memory, nothing
 * stored. `BENCH_PRELOAD=name:count,…` fills documents with a generated history first (for `cold`).
 * Prints one JSON line `{"event":"server.listening","url":…}`.
 */
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { WebSocketServer } from 'ws'
import * as Y from 'yjs'
import { getYDoc, setupWSConnection } from '@y/websocket-server/utils'
import { makeHistory } from './edits.js'

for (const entry of (process.env.BENCH_PRELOAD ?? '').split(',').filter(Boolean)) {
  const [name, count] = entry.split(':')
  const doc = getYDoc(name!) as Y.Doc
  Y.transact(doc, () => {
    for (const update of makeHistory(Number(count))) Y.applyUpdate(doc, update)
  })
}

const server = createServer((_req, res) => {
  res.writeHead(200, { 'content-type': 'text/plain' })
  res.end('ok')
})
const wss = new WebSocketServer({ noServer: true })
wss.on('connection', (socket, request) => setupWSConnection(socket, request))
server.on('upgrade', (request, socket, head) => wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws, request)))
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo
  process.stdout.write(JSON.stringify({ event: 'server.listening', url: `http://127.0.0.1:${port}` }) + '\n')
})
process.on('SIGTERM', () => process.exit(0))
