import { connect, createServer, type Socket } from 'node:net'

export interface FailoverProxy {
  url: string
  close(): Promise<void>
}

/**
 * A TCP proxy in front of several server processes, as a load balancer that fails over: each
 * connection goes to the first of `ports` that accepts it. When that process dies, its connections
 * close, and the browser's reconnections land on the next one. Bytes pass as they are (the Host
 * header names the proxy), so the servers need no proxy settings.
 */
export async function failoverProxy(ports: number[]): Promise<FailoverProxy> {
  const open = new Set<Socket>()
  const track = (socket: Socket) => {
    open.add(socket)
    socket.on('close', () => open.delete(socket))
    socket.on('error', () => socket.destroy())
  }
  const server = createServer((client) => {
    track(client)
    client.pause()
    const attempt = (i: number) => {
      if (client.destroyed) return
      if (i >= ports.length) return void client.destroy()
      const upstream = connect(ports[i]!, '127.0.0.1')
      const refused = () => attempt(i + 1)
      upstream.once('error', refused)
      upstream.once('connect', () => {
        upstream.off('error', refused)
        track(upstream)
        upstream.on('close', () => client.destroy())
        client.on('close', () => upstream.destroy())
        client.pipe(upstream)
        upstream.pipe(client)
        client.resume()
      })
    }
    attempt(0)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  if (!address || typeof address === 'string') throw new Error('the proxy has no port')
  return {
    url: `http://127.0.0.1:${address.port}`,
    close: async () => {
      for (const socket of open) socket.destroy()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
