import { spawn, type ChildProcess } from 'node:child_process'
import { rmSync } from 'node:fs'
import { createInterface } from 'node:readline'
import { afterEach } from 'vitest'
import type * as Y from 'yjs'
import { connectClient, type Client } from './clients.js'
import { tempDataDir, TEST_ADMIN } from './server.js'
import { as, createToken, signIn } from './users.js'

export interface ServerProcess {
  child: ChildProcess
  url: string
  syncUrl: string
  /** Every JSON log line printed so far. */
  lines: Record<string, unknown>[]
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
  /** A personal API token of the test admin. */
  token: string
  /** `fetch` of a path as the test admin. */
  api(path: string, init?: RequestInit): Promise<Response>
}

/**
 * Runs `server/main.ts` as its own process (as `npm start` does), for tests that kill or signal it.
 * Resolves once it logs `server.listening`.
 */
export async function spawnServer(env: Record<string, string>): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', SEED_EXAMPLE: '0', ADMIN_EMAIL: TEST_ADMIN.email, ADMIN_PASSWORD: TEST_ADMIN.password, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const lines: Record<string, unknown>[] = []
  let stderr = ''
  child.stderr!.on('data', (chunk) => (stderr += String(chunk)))
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  )
  const url = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      try {
        const entry = JSON.parse(line) as Record<string, unknown>
        lines.push(entry)
        if (entry.event === 'server.listening') resolve(String(entry.url))
      } catch {
        // not a log line
      }
    })
    exited.then(({ code }) => reject(new Error(`server exited (${code}) before listening: ${stderr}`)))
  })
  const token = await adminToken(url)
  return { child, url, syncUrl: url.replace(/^http/, 'ws') + '/sync', lines, exited, token, api: (path, init) => as({ url }, { token }, path, init) }
}

/** Signs in as the test admin (as a script would) and creates a personal API token. */
export async function adminToken(url: string): Promise<string> {
  return (await createToken({ url }, await signIn({ url }, TEST_ADMIN.email, TEST_ADMIN.password))).token
}

/** What a test of server processes starts; everything is killed, destroyed or deleted after each test. */
export interface ProcessHarness {
  /** A new, empty data folder. */
  dataDir(): string
  /** A server process (see {@link spawnServer}). */
  spawn(env: Record<string, string>): Promise<ServerProcess>
  /** A y-websocket client of that server (see `connectClient`). */
  connect(server: ServerProcess, docName: string, doc?: Y.Doc): Client
}

/** Call inside a `describe`: registers the cleanup after each of its tests. */
export function processHarness(): ProcessHarness {
  const clients: Client[] = []
  const processes: ServerProcess[] = []
  const dirs: string[] = []
  afterEach(() => {
    for (const c of clients.splice(0)) c.destroy()
    for (const p of processes.splice(0)) p.child.kill('SIGKILL')
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
  })
  return {
    dataDir: () => {
      const dir = tempDataDir()
      dirs.push(dir)
      return dir
    },
    spawn: async (env) => {
      const server = await spawnServer(env)
      processes.push(server)
      return server
    },
    connect: (server, docName, doc) => {
      const client = connectClient(server, docName, doc)
      clients.push(client)
      return client
    },
  }
}

/** Creates a programme (and its sheet) through the API, as the test admin; throws unless created. */
export async function createProgramme(server: ServerProcess, code: string): Promise<void> {
  const response = await fetch(`${server.url}/api/programmes`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${server.token}` },
    body: JSON.stringify({ code, title: `Test ${code}`, country: 'Peru' }),
  })
  if (response.status !== 201) throw new Error(`creating ${code}: ${response.status} ${await response.text()}`)
}
