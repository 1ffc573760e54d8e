import { performance } from 'node:perf_hooks'

/** Severity of a log line; lines below the configured level are dropped. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent'

const rank: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 }
/** Every level, lowest first (what LOG_LEVEL may be). */
export const LOG_LEVELS = Object.keys(rank) as readonly LogLevel[]

/** Structured logger: one JSON object per line, `event` names what happened, fields say to what. */
export interface Logger {
  debug(event: string, fields?: Record<string, unknown>): void
  info(event: string, fields?: Record<string, unknown>): void
  warn(event: string, fields?: Record<string, unknown>): void
  error(event: string, fields?: Record<string, unknown>): void
}

/**
 * @example
 * const log = createLogger('info')
 * log.info('document.loaded', { doc: 'MDGF-2081', ms: 4.2 })
 * // {"time":"2026-11-27T09:00:00.000Z","level":"info","event":"document.loaded","doc":"MDGF-2081","ms":4.2}
 */
export function createLogger(level: LogLevel, write: (line: string) => void = (l) => process.stdout.write(l + '\n')): Logger {
  const at = (lineLevel: Exclude<LogLevel, 'silent'>) => (event: string, fields: Record<string, unknown> = {}) => {
    if (rank[lineLevel] < rank[level]) return
    write(JSON.stringify({ time: new Date().toISOString(), level: lineLevel, event, ...fields }, errorReplacer))
  }
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') }
}

function errorReplacer(_key: string, value: unknown): unknown {
  return value instanceof Error ? { name: value.name, message: value.message } : value
}

/** Milliseconds since `started` (a `performance.now()`), to the hundredth: the `ms` of a log line. */
export function msSince(started: number): number {
  return Math.round((performance.now() - started) * 100) / 100
}
