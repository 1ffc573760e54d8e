import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { registerProgramme } from '../support/programmes.js'
import { startTestServer, type TestServer } from '../support/server.js'
import { signIn } from '../support/users.js'

const run = promisify(execFile)

describe('npm run admin (beside a running server)', () => {
  let server: TestServer
  const admin = (...args: string[]) => run(process.execPath, ['--import', 'tsx', 'server/cli/admin.ts', ...args], { env: { ...process.env, DATA_DIR: server.dataDir } })

  beforeAll(async () => {
    server = await startTestServer()
    await registerProgramme(server, 'CLI-P')
  })
  afterAll(() => server.stop(true))

  it('adds an account, grants a role, prints a token that works, disables and re-enables, resets a password', async () => {
    const added = await admin('user', 'add', 'ana@test.local', '--name', 'Ana')
    const password = /password: (\S+)/.exec(added.stdout)![1]!
    await signIn(server, 'ana@test.local', password)
    expect((await admin('grant', 'ana@test.local', 'CLI-P', 'coordinator')).stdout).toContain('coordinator of CLI-P')
    const token = (await admin('token', 'ana@test.local')).stdout.trim()
    const list = await fetch(`${server.url}/api/programmes`, { headers: { authorization: `Bearer ${token}` } })
    expect((await list.json()).programmes.map((p: { id: string }) => p.id)).toEqual(['CLI-P'])
    expect((await admin('user', 'list')).stdout).toMatch(/ana@test.local\tAna\t-/)

    await admin('user', 'disable', 'ana@test.local')
    expect((await fetch(`${server.url}/api/auth/me`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(401)
    await admin('user', 'enable', 'ana@test.local')
    const reset = (await admin('user', 'reset-password', 'ana@test.local')).stdout
    await expect(signIn(server, 'ana@test.local', password)).rejects.toThrow()
    await signIn(server, 'ana@test.local', /: (\S+)$/.exec(reset.trim())![1]!)
    await expect(admin('grant', 'nobody@test.local', 'CLI-P', 'viewer')).rejects.toMatchObject({ stderr: expect.stringContaining('no account') })
  })

  it('answers a mistyped option with what is wrong and the usage, not a stack trace', async () => {
    const failed = await admin('user', 'add', 'bea@test.local', '--nmae', 'Bea').catch((error: { code: number; stderr: string }) => error)
    expect(failed).toMatchObject({ code: 2, stderr: expect.stringContaining("Unknown option '--nmae'") })
    expect((failed as { stderr: string }).stderr).toContain('usage: npm run admin')
    expect((failed as { stderr: string }).stderr).not.toMatch(/^\s+at /m)
    expect((await admin('user', 'list')).stdout).not.toContain('bea@test.local')
  })
})
