import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { serveStatic } from '@hono/node-server/serve-static'
import { Hono, type MiddlewareHandler } from 'hono'

/** Where `vite build` puts the web client. */
export const CLIENT_DIR = fileURLToPath(new URL('../../dist/client/', import.meta.url))

/**
 * The web client: built assets, and `index.html` for every other GET so that deep links such as
 * `/programmes/MDGF-2081` open in the single-page app. Mounted after `/api` and `/sync`.
 */
export function clientRoutes(dir: string = CLIENT_DIR): Hono {
  const app = new Hono()
  // serveStatic resolves its root against the working directory.
  const root = relative(process.cwd(), dir) || '.'
  // Created once the client is built: serveStatic complains about a missing root otherwise.
  let assets: MiddlewareHandler | undefined
  let worker: MiddlewareHandler | undefined
  app.use('/assets/*', (c, next) => (existsSync(dir) ? (assets ??= serveStatic({ root }))(c, next) : next()))
  // The service worker must be revalidated on every load so that a new version replaces the old.
  app.get('/sw.js', (c, next) =>
    existsSync(dir) ? (worker ??= serveStatic({ root, onFound: (_path, ctx) => ctx.header('Cache-Control', 'no-cache') }))(c, next) : next(),
  )
  app.get('*', async (c) => {
    const index = join(dir, 'index.html')
    if (!existsSync(index)) {
      return c.text('The web client is not built: run `npm run build` (npm start does it for you).', 503)
    }
    // Always revalidated: a new build must reach people at once; the hashed assets are cached.
    return c.html(await readFile(index, 'utf8'), 200, { 'Cache-Control': 'no-cache' })
  })
  return app
}
