import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { configFromEnv, type Config } from '../../server/config.js'
import type { Logger } from '../../server/log.js'
import type { SqliteDb } from '../../db/connection.js'
import { findUserByEmail } from '../../db/repositories/users.js'
import { createApiToken } from '../../server/routes/tokens.js'
import { startServer, type RunningServer } from '../../server/server.js'
import type { Authorizer } from '../../server/collab/types.js'

/** Log lines captured from a test server, for assertions on what it reported. */
export interface CapturedLog extends Logger {
  readonly lines: { level: string; event: string; [field: string]: unknown }[]
  events(event: string): { [field: string]: unknown }[]
}

export function captureLog(): CapturedLog {
  const lines: CapturedLog['lines'] = []
  const at = (level: string) => (event: string, fields: Record<string, unknown> = {}) => {
    lines.push({ level, event, ...fields })
  }
  return {
    lines,
    events: (event) => lines.filter((l) => l.event === event),
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
  }
}

/** A fresh data directory under the system temp folder. */
export function tempDataDir(): string {
  return mkdtempSync(join(tmpdir(), 'ficha-test-'))
}

export interface TestServer extends RunningServer {
  /** Test servers run on their own SQLite file (the scale-out tests start processes on PostgreSQL). */
  readonly db: SqliteDb
  readonly dataDir: string
  readonly logs: CapturedLog
  /** ws:// origin of the sync endpoint, for `new WebsocketProvider(syncUrl, name, doc)`. */
  readonly syncUrl: string
  /** A personal API token of the first admin (who sees and edits everything). */
  readonly token: string
  /** `fetch` on the server as the admin (bearer token); `init.headers` may override. */
  api(path: string, init?: RequestInit): Promise<Response>
  stop(removeData?: boolean): Promise<void>
}

export const TEST_ADMIN = { email: 'admin@test.local', password: 'correct horse battery staple' }

/**
 * A real server on port 0 with its own SQLite file. Pass `dataDir` to restart on the same data.
 *
 * @example
 * const server = await startTestServer()
 * afterAll(() => server.stop())
 */
export async function startTestServer(
  options: { dataDir?: string; env?: Record<string, string>; authorize?: Authorizer } = {},
): Promise<TestServer> {
  const dataDir = options.dataDir ?? tempDataDir()
  const config: Config = configFromEnv({
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    SEED_EXAMPLE: '0',
    ADMIN_EMAIL: TEST_ADMIN.email,
    ADMIN_PASSWORD: TEST_ADMIN.password,
    ...options.env,
  })
  const logs = captureLog()
  const running = await startServer(config, { log: logs, ...(options.authorize ? { authorize: options.authorize } : {}) })
  const admin = await findUserByEmail(running.db, TEST_ADMIN.email)
  const { token } = await createApiToken(running.db, admin!.id, 'tests')
  const db = running.db
  if (db.dialect !== 'sqlite') throw new Error('startTestServer runs on SQLite')
  return Object.assign(running, {
    db: db as SqliteDb,
    dataDir,
    logs,
    token,
    syncUrl: running.url.replace(/^http/, 'ws') + '/sync',
    api: (path: string, init: RequestInit = {}) =>
      fetch(`${running.url}${path}`, { ...init, headers: { authorization: `Bearer ${token}`, ...(init.headers as Record<string, string> | undefined) } }),
    async stop(removeData = false) {
      await running.close()
      if (removeData) rmSync(dataDir, { recursive: true, force: true })
    },
  })
}
