import { connect, createServer, type Socket } from 'node:net'

/** A request asking to become a WebSocket (`Upgrade: websocket` among its headers). */
const WEBSOCKET_UPGRADE = /^[^\r\n]*\r\n(?:[^\r\n]+\r\n)*?upgrade:[ \t]*websocket/i

export interface Balancer {
  url: string
  close(): Promise<void>
}

export interface BalancerOptions {
  host?: string
  /** 0: any free port. */
  port: number
  /** The ports of the servers behind it, asked for each new connection (they change as processes restart). */
  upstreams: () => readonly number[]
}

/**
 * A TCP load balancer in front of several server processes on this machine, for trying Ficha's
 * scale-out without a real one (nginx in docker-compose.yml). Connections go to the servers in
 * turn, WebSocket upgrades on turns of their own: a page opens a varying number of HTTP
 * connections, and with one turn for all, two people's sockets would land on one process as
 * often as not. A connection refused by one server is tried on the next: when a process dies
 * its connections close, and the browsers' reconnections land on the others. Bytes pass as they
 * are (the Host header names the balancer), so the servers need no proxy settings, and they see
 * every client as 127.0.0.1.
 */
export async function startBalancer(options: BalancerOptions): Promise<Balancer> {
  const open = new Set<Socket>()
  const track = (socket: Socket) => {
    open.add(socket)
    socket.on('close', () => open.delete(socket))
    socket.on('error', () => socket.destroy())
  }
  const turns = { socket: 0, http: 0 }
  const server = createServer((client) => {
    track(client)
    // A connection that says nothing is not held open for ever.
    client.setTimeout(10_000, () => client.destroy())
    // The connection's first bytes (its first request's line and headers) say what it is for.
    client.once('data', (head: Buffer) => {
      client.pause()
      client.setTimeout(0)
      const ports = [...options.upstreams()]
      const kind = WEBSOCKET_UPGRADE.test(head.toString('latin1')) ? 'socket' : 'http'
      const first = ports.length > 0 ? turns[kind]++ % ports.length : 0
      forward(client, head, ports, first)
    })
  })
  const forward = (client: Socket, head: Buffer, ports: number[], first: number) => {
    const attempt = (tried: number) => {
      if (client.destroyed) return
      if (tried >= ports.length) return void client.destroy()
      const upstream = connect(ports[(first + tried) % ports.length]!, '127.0.0.1')
      const refused = () => attempt(tried + 1)
      upstream.once('error', refused)
      upstream.once('connect', () => {
        upstream.off('error', refused)
        track(upstream)
        upstream.on('close', () => client.destroy())
        client.on('close', () => upstream.destroy())
        upstream.write(head)
        client.pipe(upstream)
        upstream.pipe(client)
        client.resume()
      })
    }
    attempt(0)
  }
  const host = options.host ?? '127.0.0.1'
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port, host, resolve)
  })
  const address = server.address()
  if (!address || typeof address === 'string') throw new Error('the balancer has no port')
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`,
    close: async () => {
      for (const socket of open) socket.destroy()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
