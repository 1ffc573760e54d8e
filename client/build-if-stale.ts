import { readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { build } from 'vite'

// `npm start` runs this first: it builds the web client when dist/client is missing or older than
// any source it is built from, so a fresh checkout starts with one command and a rebuild is skipped
// when nothing changed.

const SOURCES = ['client', 'shared', 'vite.config.ts', 'package-lock.json']
const BUILT = 'dist/client/index.html'

function newest(path: string): number {
  const stat = statSync(path)
  if (!stat.isDirectory()) return stat.mtimeMs
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newest(join(path, name))))
}

let builtAt = 0
try {
  builtAt = statSync(BUILT).mtimeMs
} catch {
  // not built yet
}
if (builtAt === 0 || SOURCES.some((source) => newest(source) > builtAt)) {
  process.stdout.write('building the web client…\n')
  await build({ logLevel: 'warn' })
}
