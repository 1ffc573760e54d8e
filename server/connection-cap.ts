import type { Server } from 'node:http'
import type { Socket } from 'node:net'
import { ApiError } from './errors.js'
import type { Logger } from './log.js'

const REFUSAL = JSON.stringify({ error: new ApiError(429, 'too_many_connections', 'request.tooManyConnections') })

/**
 * At most `max` open TCP connections (HTTP keep-alive and WebSocket alike) per remote address: one
 * machine opening sockets and never finishing them cannot exhaust the process's file descriptors
 * for everyone (answered 429 `too_many_connections`, then closed). Counted at the TCP level, before any byte is parsed. Behind a proxy every
 * connection comes from the proxy: cap there instead (`0` turns this off).
 */
export function capConnectionsPerAddress(server: Server, max: number, log: Logger): void {
  if (max === 0) return
  const open = new Map<string, number>()
  server.on('connection', (socket: Socket) => {
    const address = socket.remoteAddress ?? 'unknown'
    const count = open.get(address) ?? 0
    if (count >= max) {
      log.warn('connections.capped', { address, max })
      socket.end(`HTTP/1.1 429 Too Many Requests\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: ${REFUSAL.length}\r\n\r\n${REFUSAL}`)
      socket.destroySoon()
      return
    }
    open.set(address, count + 1)
    socket.once('close', () => {
      const left = (open.get(address) ?? 1) - 1
      if (left === 0) open.delete(address)
      else open.set(address, left)
    })
  })
}
