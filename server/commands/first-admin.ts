import { isUniqueViolation } from '../../db/errors.js'
import type { Db } from '../../db/connection.js'
import { countUsers, insertUser } from '../../db/repositories/users.js'
import { generatePassword, hashPassword, passwordProblem } from '../auth/password.js'
import { newId } from '../auth/secrets.js'
import type { Logger } from '../log.js'
import { errorMessage } from '../../shared/errors.js'

export const DEFAULT_ADMIN_EMAIL = 'admin@ficha.local'

/**
 * With no account at all, creates the first admin: from `ADMIN_EMAIL` / `ADMIN_PASSWORD` if set,
 * otherwise with a generated password that is printed once to the console (never to the log).
 */
export async function firstAdmin(
  db: Db,
  log: Logger,
  env: { email?: string | undefined; password?: string | undefined },
  print: (line: string) => void = (line) => process.stdout.write(line + '\n'),
): Promise<void> {
  if ((await countUsers(db)) > 0) return
  const email = env.email?.trim() || DEFAULT_ADMIN_EMAIL
  const generated = !env.password
  const password = env.password || generatePassword()
  const problem = passwordProblem(password)
  if (problem) throw new Error(`ADMIN_PASSWORD: ${errorMessage('en', problem)}`)
  try {
    await insertUser(db, { id: newId(), email, name: 'Administrator', password_hash: await hashPassword(password), role: 'admin' }, Date.now())
  } catch (error) {
    // Several processes started at once on one database (PostgreSQL): another one created it.
    if (isUniqueViolation(error)) return
    throw error
  }
  log.info('admin.created', { email, generated })
  if (generated) {
    print(`\n  First admin account: ${email}\n  One-time password:   ${password}\n  Sign in and change it (or set ADMIN_EMAIL and ADMIN_PASSWORD before the first start).\n`)
  }
}
