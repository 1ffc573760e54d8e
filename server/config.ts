import { join, resolve } from 'node:path'
import { DEFAULT_MAX_BUFFERED_BYTES, DEFAULT_MAX_MESSAGE_BYTES } from '../shared/protocol.js'
import type { SyncMode } from '../db/connection.js'
import { LOG_LEVELS, type LogLevel } from './log.js'

/** Everything the server reads from its environment, validated once at start. */
export interface Config {
  port: number
  host: string
  dataDir: string
  /** The SQLite file, `DATA_DIR/ficha.sqlite` (the embedded default, one process). */
  databaseFile: string
  /** `DATABASE_URL=postgres://…`: PostgreSQL instead of SQLite, the one source of truth of several processes. */
  databaseUrl: string | null
  /** `REDIS_URL=redis://…` (with `DATABASE_URL`): fan-out of updates, presence and notices between the processes. */
  redisUrl: string | null
  /** The update journal, `DATA_DIR/ficha.journal`: updates between their broadcast and their commit to the database. */
  journalFile: string
  dbSync: SyncMode
  logLevel: LogLevel
  maxMessageBytes: number
  maxBufferedBytes: number
  unloadDelayMs: number
  /** A loaded document unused for about this long frees its Y.Doc until it is used again (0: never). */
  sleepAfterMs: number
  /** A document that takes longer than this to build (a very long history) never sleeps: waking it would hold every socket. */
  sleepMaxBuildMs: number
  compactAfterUpdates: number
  /** Stored states at least this big are sent as they are to a client that has nothing, while the server builds its copy. */
  earlyAnswerBytes: number
  /** How long such a load, once it has read the state, waits for its clients' first requests, which follow the upgrade at once. */
  earlyAnswerWaitMs: number
  /** How often open sockets and event streams are re-checked against the database, for access changed outside the API (the admin command, expiry); the API's own changes apply at once. */
  accessRecheckMs: number
  /** How many proxies of ours stand in front of the server: only their X-Forwarded-* headers are believed (0: none). */
  trustProxy: number
  /** Open TCP connections (HTTP and WebSocket) one address may hold; past it a new one is answered 429 and closed (0: no cap). */
  maxConnectionsPerAddress: number
  /** A request whose headers have not all arrived after this long is closed with 408 (slow-header attacks). */
  headersTimeoutMs: number
  /** A request whose body has not all arrived after this long is closed with 408 (an import over a weak link needs minutes). */
  requestTimeoutMs: number
  /** Import the example sheet into an empty database at start. */
  seedExample: boolean
  /** The first admin's account, used only when the database has no account. */
  adminEmail: string | undefined
  adminPassword: string | undefined
}

/** Reads the configuration; throws one error naming every invalid variable. */
export function configFromEnv(env: NodeJS.ProcessEnv = process.env): Config {
  const problems: string[] = []
  const int = (name: string, fallback: number, min: number, max = Number.MAX_SAFE_INTEGER): number => {
    const raw = env[name]
    if (raw === undefined || raw === '') return fallback
    const value = Number(raw)
    if (!Number.isInteger(value) || value < min || value > max) {
      problems.push(`${name} must be an integer from ${min} to ${max}, got "${raw}"`)
      return fallback
    }
    return value
  }
  const oneOf = <T extends string>(name: string, fallback: T, allowed: readonly T[]): T => {
    const raw = env[name]
    if (raw === undefined || raw === '') return fallback
    if ((allowed as readonly string[]).includes(raw)) return raw as T
    problems.push(`${name} must be one of ${allowed.join(', ')}, got "${raw}"`)
    return fallback
  }
  const dataDir = resolve(env.DATA_DIR || './data')
  const config: Config = {
    port: int('PORT', 8787, 0, 65535),
    host: env.HOST || '127.0.0.1',
    dataDir,
    databaseFile: join(dataDir, 'ficha.sqlite'),
    journalFile: join(dataDir, 'ficha.journal'),
    databaseUrl: env.DATABASE_URL || null,
    redisUrl: env.REDIS_URL || null,
    dbSync: oneOf<SyncMode>('DB_SYNC', 'normal', ['normal', 'full']),
    logLevel: oneOf<LogLevel>('LOG_LEVEL', 'info', LOG_LEVELS),
    maxMessageBytes: int('MAX_MESSAGE_BYTES', DEFAULT_MAX_MESSAGE_BYTES, 1024),
    maxBufferedBytes: int('MAX_BUFFERED_BYTES', DEFAULT_MAX_BUFFERED_BYTES, 1024),
    unloadDelayMs: int('UNLOAD_DELAY_MS', 30_000, 0),
    sleepAfterMs: int('SLEEP_AFTER_MS', 10_000, 0),
    sleepMaxBuildMs: int('SLEEP_MAX_BUILD_MS', 20, 0),
    compactAfterUpdates: int('COMPACT_AFTER_UPDATES', 2000, 1),
    earlyAnswerBytes: int('EARLY_ANSWER_BYTES', 64 * 1024, 1),
    earlyAnswerWaitMs: int('EARLY_ANSWER_WAIT_MS', 10, 0),
    accessRecheckMs: int('ACCESS_RECHECK_MS', 30_000, 1000),
    trustProxy: int('TRUST_PROXY', 0, 0, 16),
    maxConnectionsPerAddress: int('MAX_CONNECTIONS_PER_ADDRESS', 512, 0),
    headersTimeoutMs: int('HEADERS_TIMEOUT_MS', 10_000, 1000),
    requestTimeoutMs: int('REQUEST_TIMEOUT_MS', 300_000, 1000),
    seedExample: oneOf('SEED_EXAMPLE', '1', ['0', '1']) === '1',
    adminEmail: env.ADMIN_EMAIL || undefined,
    adminPassword: env.ADMIN_PASSWORD || undefined,
  }
  if (config.headersTimeoutMs > config.requestTimeoutMs) problems.push('HEADERS_TIMEOUT_MS must not exceed REQUEST_TIMEOUT_MS')
  if (config.databaseUrl && !/^postgres(ql)?:\/\//.test(config.databaseUrl)) problems.push('DATABASE_URL must be a postgres:// URL')
  if (config.redisUrl && !/^rediss?:\/\//.test(config.redisUrl)) problems.push('REDIS_URL must be a redis:// URL')
  if (config.redisUrl && !config.databaseUrl) problems.push('REDIS_URL needs DATABASE_URL: processes share PostgreSQL, Redis only carries updates between them')
  if (problems.length > 0) throw new Error(`invalid configuration:\n- ${problems.join('\n- ')}`)
  return config
}
