import { readFile } from 'node:fs/promises'
import { basename } from 'node:path'
import { configFromEnv } from '../config.js'
import { ApiError } from '../errors.js'
import type { ImportIdentity, ImportResult } from '../commands/sheet-import.js'
import { sheetImport } from '../commands/sheet-import.js'
import { liveDataLock } from '../instance-lock.js'
import { createLogger } from '../log.js'
import { openWorkspace } from '../workspace.js'
import { commandArguments } from './arguments.js'

// `npm run import` (USAGE below). With a server running on DATA_DIR the files go through its API
// (with a personal API token), so that connected editors see the change; otherwise the command
// opens the data directory itself (holding its lock meanwhile), acting as the server.

const USAGE = 'usage: npm run import -- [--code C] [--title T] [--country X] [--window W] [--language es] [--json] [--token T] FILE...'

const { values: options, positionals: files } = commandArguments(
  {
    allowPositionals: true,
    options: {
      code: { type: 'string' },
      title: { type: 'string' },
      country: { type: 'string' },
      window: { type: 'string' },
      language: { type: 'string' },
      json: { type: 'boolean', default: false },
      token: { type: 'string' },
    },
  },
  USAGE,
)
if (files.length === 0) {
  process.stderr.write(`${USAGE}\n`)
  process.exit(2)
}
if (files.length > 1 && options.code) {
  process.stderr.write('--code names one programme: give one file with it\n')
  process.exit(2)
}
const identity: ImportIdentity = {}
for (const key of ['code', 'title', 'country', 'window', 'language'] as const) {
  const value = options[key]
  if (value) identity[key] = value
}

const config = configFromEnv()
const holder = liveDataLock(config.dataDir)
let failures = 0

async function viaServer(url: string, source: string): Promise<ImportResult> {
  // The running server checks who is asking, like for any other request: a personal API token.
  const token = options.token ?? process.env.FICHA_TOKEN
  if (!token) throw new ApiError(401, 'unauthenticated', 'auth.tokenNeeded', { url })
  const query = new URLSearchParams(identity as Record<string, string>)
  const response = await fetch(`${url}/api/import?${query}`, {
    method: 'POST',
    body: source,
    headers: { 'content-type': 'text/plain; charset=utf-8', authorization: `Bearer ${token}` },
  })
  const body = (await response.json()) as ImportResult | { error: { code: string; message: string } }
  if ('error' in body) throw new Error(body.error.message)
  return body
}

function print(file: string, result: ImportResult): void {
  if (options.json) {
    process.stdout.write(JSON.stringify({ file, ...result }, null, 2) + '\n')
    return
  }
  const { report } = result
  const lines = [
    `${basename(file)} → ${result.programmeId} (${result.created ? 'created' : 'updated'}; ${report.format}, ${report.language ?? 'language unknown'})`,
    `  mapped: ${report.mapped.length} fields, lists and narratives`,
    ...report.notes.map((note) => `  note: ${note.message}`),
    `  unmapped: ${report.unmapped.length}${report.unmapped.length > 0 ? ' (kept in the sheet\'s import notes)' : ''}`,
    ...report.unmapped.map((u) => `    [${u.where}] ${u.text.length > 160 ? u.text.slice(0, 157) + '…' : u.text}`),
  ]
  process.stdout.write(lines.join('\n') + '\n')
}

if (holder && !holder.url) {
  process.stderr.write(`${config.dataDir} is in use by process ${holder.pid}; try again when it is done\n`)
  process.exit(1)
}
const workspace = holder ? null : await openWorkspace(config, createLogger('warn'))
try {
  for (const file of files) {
    try {
      const source = await readFile(file, 'utf8')
      print(file, workspace ? await sheetImport(workspace, source, identity) : await viaServer(holder!.url!, source))
    } catch (error) {
      failures++
      process.stderr.write(`${basename(file)}: ${error instanceof Error ? error.message : String(error)}\n`)
    }
  }
} finally {
  await workspace?.close()
}
process.exit(failures > 0 ? 1 : 0)
