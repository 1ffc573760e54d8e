import { openDatabase } from '../../db/connection.js'
import { migrateToLatest } from '../../db/migrate.js'
import { deleteMembership, upsertMembership } from '../../db/repositories/memberships.js'
import { findProgramme } from '../../db/repositories/programmes.js'
import { revokeUserCredentials } from '../../db/repositories/sessions.js'
import { findUserByEmail, insertUser, listUsers, setUserDisabled, updateUserPassword, updateUserRole } from '../../db/repositories/users.js'
import type { UserRow } from '../../db/schema.js'
import { GLOBAL_ROLES, PROGRAMME_ROLES, type GlobalRole, type ProgrammeRole } from '../../shared/roles.js'
import { generatePassword, hashPassword, passwordProblem } from '../auth/password.js'
import { newId } from '../auth/secrets.js'
import { configFromEnv } from '../config.js'
import { createApiToken } from '../routes/tokens.js'
import { commandArguments } from './arguments.js'
import { errorMessage } from '../../shared/errors.js'

// `npm run admin -- …`: accounts and roles from the server's machine. It writes only account
// tables, so it may run beside the server (SQLite WAL); the server re-checks open sockets and
// event streams against these tables every ACCESS_RECHECK_MS (30 s), so a disabled account or a
// revoked grant takes effect on them too.

const USAGE = `usage: npm run admin -- COMMAND
  user list
  user add EMAIL [--name NAME] [--role admin|secretariat] [--password PASSWORD]   (prints a generated password if none is given)
  user disable EMAIL | user enable EMAIL
  user reset-password EMAIL                     (prints a new password; ends the person's sessions and tokens)
  user role EMAIL admin|secretariat|none
  token EMAIL [--name NAME]                     (prints a personal API token, once)
  grant EMAIL PROGRAMME coordinator|rco|evaluator|viewer
  revoke EMAIL PROGRAMME`

const { values: options, positionals: args } = commandArguments(
  { allowPositionals: true, options: { name: { type: 'string' }, role: { type: 'string' }, password: { type: 'string' } } },
  USAGE,
)

function fail(message: string): never {
  process.stderr.write(`${message}\n`)
  process.exit(2)
}

const db = openDatabase(configFromEnv().databaseFile)
await migrateToLatest(db.kysely)
const now = Date.now()
const out = (line: string) => process.stdout.write(line + '\n')

async function user(email: string | undefined): Promise<UserRow> {
  if (!email) fail(USAGE)
  return (await findUserByEmail(db, email)) ?? fail(`no account for ${email}`)
}

function globalRole(value: string | undefined): GlobalRole | null {
  if (value === undefined || value === 'none') return null
  if ((GLOBAL_ROLES as readonly string[]).includes(value)) return value as GlobalRole
  return fail(`role must be one of ${GLOBAL_ROLES.join(', ')}, none`)
}

try {
  const [command, sub, ...rest] = args
  const key = command === 'user' ? `user ${sub}` : command
  const params = command === 'user' ? rest : [sub, ...rest]
  switch (key) {
    case 'user list':
      for (const u of await listUsers(db)) out(`${u.email}\t${u.name}\t${u.role ?? '-'}${u.disabled_at ? '\tdisabled' : ''}`)
      break
    case 'user add': {
      const email = params[0]?.trim().toLowerCase()
      if (!email) fail(USAGE)
      if (await findUserByEmail(db, email)) fail(`an account for ${email} exists`)
      const password = options.password ?? generatePassword()
      const problem = passwordProblem(password)
      if (problem) fail(errorMessage('en', problem))
      await insertUser(db, { id: newId(), email, name: options.name ?? email, role: globalRole(options.role), password_hash: await hashPassword(password) }, now)
      out(`created ${email}${options.password ? '' : `; password: ${password}`}`)
      break
    }
    case 'user disable':
    case 'user enable': {
      const target = await user(params[0])
      await setUserDisabled(db, target.id, sub === 'disable' ? now : null)
      if (sub === 'disable') await revokeUserCredentials(db, target.id, now)
      out(`${target.email} ${sub}d`)
      break
    }
    case 'user reset-password': {
      const target = await user(params[0])
      const password = generatePassword()
      await updateUserPassword(db, target.id, await hashPassword(password), now)
      await revokeUserCredentials(db, target.id, now)
      out(`new password for ${target.email}: ${password}`)
      break
    }
    case 'user role': {
      const target = await user(params[0])
      await updateUserRole(db, target.id, globalRole(params[1]))
      out(`${target.email}: ${params[1]}`)
      break
    }
    case 'token': {
      const target = await user(params[0])
      const token = await createApiToken(db, target.id, options.name ?? 'command line')
      out(token.token)
      break
    }
    case 'grant':
    case 'revoke': {
      const target = await user(params[0])
      const programme = (await findProgramme(db, params[1] ?? '')) ?? fail(`no programme ${params[1]}`)
      if (command === 'grant') {
        const role = params[2] as ProgrammeRole
        if (!(PROGRAMME_ROLES as readonly string[]).includes(role)) fail(`role must be one of ${PROGRAMME_ROLES.join(', ')}`)
        await upsertMembership(db, programme.id, target.id, role, now)
        out(`${target.email} is ${role} of ${programme.code}`)
      } else {
        await deleteMembership(db, programme.id, target.id)
        out(`${target.email} is no longer a member of ${programme.code}`)
      }
      break
    }
    default:
      fail(USAGE)
  }
} finally {
  await db.close()
}
