import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freePort } from '../../server/cli/local-services.js'
import { connectClient, openEvents, waitUntil, type Client } from '../support/clients.js'
import { launch, stopLauncher, type Launcher } from '../support/launcher.js'
import { adminToken } from '../support/process.js'
import { TEST_ADMIN } from '../support/server.js'
import { HAS_SERVICES } from '../support/services.js'
import { as, jsonBody } from '../support/users.js'

const NGINX = ['/usr/sbin/nginx', '/usr/bin/nginx'].find((path) => existsSync(path))
if (!NGINX) console.warn('\n  nginx not found: the test of docker-compose.yml\'s proxy configuration is SKIPPED (apt-get install -y nginx-light; .ci/run does).\n')
const SHEET = 'NGX-1'

/**
 * docker-compose.yml's nginx configuration as it stands, with only the addresses changed: the
 * three processes' ports for `ficha1…3:8787`, and `port` for the published 8080 (and the port
 * nginx listens on). Each change must find what it replaces, so the test fails when the file's
 * shape changes rather than testing something else.
 */
function composeNginxConfig(processPorts: number[], port: number): string {
  const compose = readFileSync('docker-compose.yml', 'utf8')
  const start = compose.indexOf('    content: |\n')
  const end = compose.indexOf('\nvolumes:')
  if (start < 0 || end < start) throw new Error('docker-compose.yml has no nginx configuration where the test looks for it')
  let config = compose.slice(start + '    content: |\n'.length, end).replace(/\$\$/g, '$')
  const replace = (from: string, to: string) => {
    if (!config.includes(from)) throw new Error(`docker-compose.yml's nginx configuration has no "${from}"`)
    config = config.replaceAll(from, to)
  }
  processPorts.forEach((p, i) => replace(`ficha${i + 1}:8787`, `127.0.0.1:${p}`))
  replace('listen 80;', `listen 127.0.0.1:${port};`)
  replace('$host:8080', `$host:${port}`)
  return config
}

// The proxy configuration docker-compose.yml gives nginx, run by a real nginx in front of three
// processes (npm run cluster, with TRUST_PROXY=1 as the compose file sets): Docker itself is not
// needed to check what it would run.
describe.skipIf(!HAS_SERVICES || !NGINX)("docker-compose.yml's nginx in front of three processes", () => {
  let cluster: Launcher
  let nginx: ChildProcess
  let dir: string
  let url: string
  const clients: Client[] = []

  beforeAll(async () => {
    cluster = await launch({ processes: 3, env: { TRUST_PROXY: '1' } })
    const port = await freePort()
    url = `http://127.0.0.1:${port}`
    dir = mkdtempSync(join(tmpdir(), 'ficha-nginx-'))
    const config = composeNginxConfig(cluster.processPorts, port)
    const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((name) => `${name}_temp_path ${dir}/${name};`).join(' ')
    writeFileSync(join(dir, 'nginx.conf'), `daemon off; pid ${dir}/nginx.pid; error_log ${dir}/error.log; events {} http { access_log off; ${temp} ${config} }`)
    nginx = spawn(NGINX!, ['-c', join(dir, 'nginx.conf'), '-p', dir], { stdio: 'ignore' })
    const until = Date.now() + 10_000
    while (!(await fetch(`${url}/api/health`).then((r) => r.ok, () => false))) {
      if (Date.now() > until) throw new Error(`nginx did not answer: ${readFileSync(join(dir, 'error.log'), 'utf8')}`)
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
  }, 60_000)
  afterAll(async () => {
    for (const client of clients) client.destroy()
    if (nginx && nginx.exitCode === null) {
      const exited = new Promise((resolve) => nginx.once('exit', resolve))
      nginx.kill('SIGTERM')
      await exited
    }
    if (cluster) {
      await stopLauncher(cluster)
      rmSync(cluster.dataDir, { recursive: true, force: true })
    }
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  it('a browser\'s own origin is recognised through it and a foreign one refused; events stream through; a socket whose process is killed reconnects to another, nothing lost', async () => {
    // Sign-in checks the Origin against the host nginx forwards (with the published port).
    const signIn = (origin: string) => fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', origin }, body: JSON.stringify(TEST_ADMIN) })
    expect((await signIn(url)).status).toBe(200)
    expect((await signIn('http://evil.example')).status).toBe(403)

    const token = await adminToken(url)
    expect((await as({ url }, { token }, '/api/programmes', jsonBody({ code: SHEET, title: 'Behind nginx', country: 'Peru' }))).status).toBe(201)
    // Server-sent events are not held in nginx's buffers.
    const stream = await openEvents(`${url}/api/programmes/${SHEET}/events`, { authorization: `Bearer ${token}` })
    const opened = await (await as({ url }, { token }, `/api/programmes/${SHEET}/threads`, jsonBody({ anchor: { kind: 'field', field: 'dates.start' }, body: 'hola' }))).json()
    await waitUntil(() => stream.received.includes(opened.thread.id), 'the thread event through nginx', 5_000)
    stream.close()

    const server = { syncUrl: url.replace(/^http/, 'ws') + '/sync', token }
    const socketsOn = () => cluster.lines.filter((l) => l.event === 'connection.opened' && l.doc === SHEET).map((l) => String(l.process))
    const a = connectClient(server, SHEET)
    clients.push(a)
    await a.synced()
    const b = connectClient(server, SHEET)
    clients.push(b)
    await b.synced()
    const text = (client: Client) => client.doc.getText('t').toString()
    a.doc.getText('t').insert(0, 'uno ')
    await waitUntil(() => text(b).includes('uno'), 'an edit through nginx')

    const victim = socketsOn()[0]!
    process.kill(cluster.pids.get(victim)!, 'SIGKILL')
    a.doc.getText('t').insert(0, 'dos ')
    b.doc.getText('t').insert(0, 'tres ')
    await waitUntil(() => [a, b].every((c) => ['uno', 'dos', 'tres'].every((word) => text(c).includes(word))) && text(a) === text(b), 'both to converge after the kill', 20_000)
    // a's socket came back through nginx on a process that is not the dead one.
    expect(socketsOn().slice(2).some((name) => name !== victim)).toBe(true)
  }, 60_000)
})
