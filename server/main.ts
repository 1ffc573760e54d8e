import { configFromEnv } from './config.js'
import { createLogger } from './log.js'
import { startServer } from './server.js'

// Start-up: read the environment, start, and shut down cleanly on SIGTERM / SIGINT (exit 0).
let config
try {
  config = configFromEnv()
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n`)
  process.exit(1)
}
const log = createLogger(config.logLevel)
let running: Awaited<ReturnType<typeof startServer>>
try {
  running = await startServer(config, { log })
} catch (error) {
  log.error('server.start_failed', { error })
  process.stderr.write(`ficha could not start: ${(error as Error).message}\n`)
  process.exit(1)
}

let stopping = false
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    if (stopping) return
    stopping = true
    log.info('server.signal', { signal })
    running.close().then(
      () => process.exit(0),
      (error: unknown) => {
        log.error('server.stop_failed', { error })
        process.exit(1)
      },
    )
  })
}
