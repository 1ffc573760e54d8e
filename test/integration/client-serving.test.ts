import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Hono } from 'hono'
import { afterAll, describe, expect, it } from 'vitest'
import { clientRoutes } from '../../server/routes/client.js'

describe('serving the web client', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ficha-client-'))
  mkdirSync(join(dir, 'assets'))
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Ficha</title><ficha-app></ficha-app>')
  writeFileSync(join(dir, 'assets', 'app-1234.js'), 'console.log("ficha")')
  const app = new Hono().route('/', clientRoutes(dir))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('answers index.html at / and for deep links, never cached', async () => {
    for (const path of ['/', '/programmes/MDGF-2081']) {
      const response = await app.request(path)
      expect(response.status).toBe(200)
      expect(response.headers.get('cache-control')).toBe('no-cache')
      expect(await response.text()).toContain('<ficha-app>')
    }
  })

  it('serves built assets', async () => {
    const response = await app.request('/assets/app-1234.js')
    expect(response.status).toBe(200)
    expect(await response.text()).toContain('ficha')
  })

  it('says plainly when the client is not built', async () => {
    const response = await new Hono().route('/', clientRoutes(join(dir, 'missing'))).request('/')
    expect(response.status).toBe(503)
    expect(await response.text()).toContain('npm run build')
  })
})
