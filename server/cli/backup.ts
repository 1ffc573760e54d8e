import { resolve } from 'node:path'
import { backupDatabase } from '../../db/backup.js'
import { configFromEnv } from '../config.js'

// `npm run backup -- FILE`: copies DATA_DIR/ficha.sqlite to FILE while the server keeps running.
const target = process.argv[2]
if (!target) {
  process.stderr.write('usage: npm run backup -- FILE\n')
  process.exit(2)
}
try {
  const { databaseFile } = configFromEnv()
  const result = backupDatabase(databaseFile, resolve(target))
  process.stdout.write(`backed up ${databaseFile} to ${resolve(target)}: ${result.programmes} programmes, ${result.bytes} bytes\n`)
} catch (error) {
  process.stderr.write(`backup failed: ${(error as Error).message}\n`)
  process.exit(1)
}
