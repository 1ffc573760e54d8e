import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { WebSocket } from 'ws'
import { CloseCode } from '../../shared/protocol.js'
import { startTestServer, TEST_ADMIN, type TestServer } from '../support/server.js'
import { makeUser, type TestUser } from '../support/users.js'

// Issue #23: every route × every role, from the app's own route list. A route this table does not
// classify fails the suite, so a new route cannot ship without a decision on who may call it; ids
// of another programme's objects answer 404; garbage ids never answer 500.

const ROLES = ['none', 'admin', 'secretariat', 'coordinator', 'rco', 'evaluator', 'viewer', 'outsider'] as const
type Role = (typeof ROLES)[number]
type Capability = 'read' | 'edit' | 'comment' | 'manageMembers' | 'evaluate' | 'respond'

/**
 * Who may call a route: `public`; `identity` (anyone signed in); `admin`; `global` (admin or
 * secretariat; everyone else 403); `{programme: cap}` (members with that capability; other members
 * 403, non-members 404); `{programmeGlobal}` (readers only, and of them the global roles).
 */
type Rule = 'public' | 'identity' | 'admin' | 'global' | { programme: Capability } | 'programmeGlobal'

const CAPABLE: Record<Capability, Role[]> = {
  read: ['admin', 'secretariat', 'coordinator', 'rco', 'evaluator', 'viewer'],
  edit: ['admin', 'secretariat', 'coordinator', 'rco'],
  comment: ['admin', 'secretariat', 'coordinator', 'rco', 'evaluator'],
  manageMembers: ['admin', 'secretariat'],
  evaluate: ['admin', 'secretariat', 'evaluator'],
  respond: ['admin', 'secretariat', 'coordinator'],
}

interface Entry {
  rule: Rule
  /** The body sent (JSON); writes send one that fails validation after the access check where they can. */
  body?: unknown
  query?: string
  /** Only the author may go on (comments): an allowed role may also get 403 for another's object. */
  ownOnly?: boolean
  /** Destructive: each allowed call gets its own fresh object (param values made for that caller). */
  fresh?: (caller: Role) => Promise<Record<string, string>>
}

/** Not routes a person calls: the middleware, the client's files, and the socket (tested below). */
const NOT_API = new Set(['ALL /*', 'ALL /api/*', 'ALL /assets/*', 'GET /sw.js', 'GET /*', 'GET /sync/:docName'])

const SEED = readFileSync('db/seed/peru-industrias-creativas.txt', 'utf8')
const OURS = 'MATRIX-OURS'
const THEIRS = 'MATRIX-THEIRS'

describe('access matrix', () => {
  let server: TestServer
  const people = {} as Record<Exclude<Role, 'none' | 'admin'>, TestUser>
  let victim: TestUser
  let target: TestUser
  const ids: Record<typeof OURS | typeof THEIRS, Record<string, string>> = { [OURS]: {}, [THEIRS]: {} }

  const tokenOf = (role: Role): string | null => (role === 'none' ? null : role === 'admin' ? server.token : people[role].token)
  const call = async (role: Role, method: string, path: string, body?: unknown) => {
    const token = tokenOf(role)
    const response = await fetch(`${server.url}${path}`, {
      method,
      headers: { origin: server.url, ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    })
    const isJson = response.headers.get('content-type')?.includes('application/json')
    const code = isJson ? ((await response.json()) as { error?: { code?: string } }).error?.code : undefined
    if (!isJson) await response.body?.cancel()
    return { status: response.status, code }
  }
  const created = async (path: string, body: unknown, pick: (json: any) => string) => {
    const response = await server.api(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
    if (response.status !== 201 && response.status !== 200) throw new Error(`${path}: ${response.status} ${await response.text()}`)
    return pick(await response.json())
  }

  /** One of each object in a programme, made by the admin. */
  async function objectsOf(code: typeof OURS | typeof THEIRS) {
    const base = `/api/programmes/${code}`
    const evaluationId = await created(`${base}/evaluations`, { kind: 'mid-term', evaluators: 'E', periodStart: '2011-09', periodEnd: '2011-11' }, (j) => j.evaluation.id)
    const finding = () => created(`${base}/findings`, { evaluationId, criterion: 'effectiveness', finding: 'F', recommendation: 'R', priority: 'high' }, (j) => j.finding.id)
    const findingId = await finding()
    const actionId = await created(`${base}/actions`, { findingId, description: 'A', responsible: 'R' }, (j) => j.action.id)
    const thread = () => created(`${base}/threads`, { anchor: { kind: 'finding', findingId }, body: 'T' }, (j) => j.thread.id)
    const threadId = await thread()
    const comment = () => created(`${base}/threads/${threadId}/comments`, { body: 'C' }, (j) => j.comment.id)
    const commentId = await comment()
    const snapshotId = await created(`${base}/snapshots`, { period: '2011-1', label: code }, (j) => j.snapshot.id)
    ids[code] = { id: code, evaluationId, findingId, actionId, threadId, commentId, snapshotId, period: '2010-2' }
    return { finding, thread, comment }
  }

  let fresh: Awaited<ReturnType<typeof objectsOf>>
  const TABLE: Record<string, Entry> = {
    'GET /api/health': { rule: 'public' },
    'GET /api/metrics': { rule: 'admin' },
    'POST /api/auth/login': { rule: 'public', body: {} },
    'POST /api/auth/logout': { rule: 'public' },
    'GET /api/auth/me': { rule: 'identity' },
    'POST /api/auth/password': { rule: 'identity', body: {} },
    'GET /api/tokens': { rule: 'identity' },
    'POST /api/tokens': { rule: 'identity', body: {} },
    'DELETE /api/tokens/:id': {
      rule: 'identity',
      // A person deletes their own tokens; another's id answers 404 (tested with the victim's below).
      fresh: async (caller) => {
        const token = tokenOf(caller)!
        const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' }
        await fetch(`${server.url}/api/tokens`, { method: 'POST', headers, body: JSON.stringify({ name: `matrix ${caller}` }) })
        const listed = (await (await fetch(`${server.url}/api/tokens`, { headers })).json()) as { tokens: Array<{ id: string; name: string }> }
        return { id: listed.tokens.find((t) => t.name === `matrix ${caller}`)!.id }
      },
    },
    'GET /api/users': { rule: 'global' },
    'POST /api/users': { rule: 'admin', body: {} },
    'PATCH /api/users/:id': { rule: 'admin', body: { role: 'not-a-role' } },
    'POST /api/users/:id/reset-password': { rule: 'admin', body: {} },
    'GET /api/programmes': { rule: 'identity' },
    'POST /api/programmes': { rule: 'global', body: {} },
    'GET /api/programmes/:id': { rule: { programme: 'read' } },
    'GET /api/programmes/:id/export': { rule: { programme: 'read' }, query: 'format=json' },
    'GET /api/programmes/:id/members': { rule: { programme: 'read' } },
    'PUT /api/programmes/:id/members': { rule: { programme: 'manageMembers' }, body: {} },
    'DELETE /api/programmes/:id/members/:userId': {
      rule: { programme: 'manageMembers' },
      fresh: async () => ({ userId: (await makeUser(server, { programme: OURS, programmeRole: 'viewer' })).id }),
    },
    'GET /api/programmes/:id/audit': { rule: { programme: 'read' } },
    'GET /api/programmes/:id/evaluations': { rule: { programme: 'read' } },
    'POST /api/programmes/:id/evaluations': { rule: { programme: 'evaluate' }, body: {} },
    'PATCH /api/programmes/:id/evaluations/:evaluationId': { rule: { programme: 'evaluate' }, body: { kind: 'not-a-kind' } },
    'POST /api/programmes/:id/findings': { rule: { programme: 'evaluate' }, body: {} },
    'PATCH /api/programmes/:id/findings/:findingId': { rule: { programme: 'evaluate' }, body: { priority: 'not-a-priority' } },
    'DELETE /api/programmes/:id/findings/:findingId': { rule: { programme: 'evaluate' }, fresh: async () => ({ findingId: await fresh.finding() }) },
    'PUT /api/programmes/:id/findings/:findingId/response': { rule: { programme: 'respond' }, body: {} },
    'GET /api/programmes/:id/actions': { rule: { programme: 'read' } },
    'POST /api/programmes/:id/actions': { rule: { programme: 'respond' }, body: {} },
    'PATCH /api/programmes/:id/actions/:actionId': { rule: { programme: 'respond' }, body: { status: 'not-a-status' } },
    'GET /api/programmes/:id/threads': { rule: { programme: 'read' } },
    'POST /api/programmes/:id/threads': { rule: { programme: 'comment' }, body: {} },
    'POST /api/programmes/:id/threads/:threadId/comments': { rule: { programme: 'comment' }, body: {} },
    'PATCH /api/programmes/:id/threads/:threadId/comments/:commentId': { rule: { programme: 'comment' }, body: {}, ownOnly: true },
    'DELETE /api/programmes/:id/threads/:threadId/comments/:commentId': { rule: { programme: 'comment' }, ownOnly: true, fresh: async () => ({ commentId: await fresh.comment() }) },
    'DELETE /api/programmes/:id/threads/:threadId': { rule: 'programmeGlobal', fresh: async () => ({ threadId: await fresh.thread() }) },
    'POST /api/programmes/:id/threads/:threadId/resolve': { rule: { programme: 'comment' } },
    'POST /api/programmes/:id/threads/:threadId/reopen': { rule: { programme: 'comment' } },
    'GET /api/programmes/:id/events': { rule: { programme: 'read' } },
    'GET /api/me/threads': { rule: 'identity' },
    'GET /api/me/actions': { rule: 'identity' },
    'POST /api/programmes/:id/snapshots': { rule: 'programmeGlobal', body: {} },
    'GET /api/programmes/:id/snapshots': { rule: { programme: 'read' } },
    'GET /api/programmes/:id/diff': { rule: { programme: 'read' }, query: 'from=now' },
    'POST /api/programmes/:id/periods/:period/lock': { rule: 'programmeGlobal', body: {} },
    'POST /api/programmes/:id/periods/:period/unlock': { rule: 'programmeGlobal', body: {} },
    'GET /api/snapshots/:snapshotId': { rule: { programme: 'read' } },
    'GET /api/snapshots/:snapshotId/export': { rule: { programme: 'read' }, query: 'format=json' },
    'POST /api/snapshots/:snapshotId/restore': { rule: 'programmeGlobal', body: { sections: ['not-a-section'] } },
    // Any signed-in person; whether they may create or replace the sheet it names is decided after
    // reading it (tested below: edit to replace, global roles to create).
    'POST /api/import': { rule: 'identity' },
  }

  /** The status class a role must get: 'allowed', or the exact refusal. */
  function expected(rule: Rule, role: Role): 'allowed' | 401 | 403 | 404 {
    if (rule === 'public') return 'allowed'
    if (role === 'none') return 401
    if (rule === 'identity') return 'allowed'
    if (rule === 'admin') return role === 'admin' ? 'allowed' : 403
    if (rule === 'global') return role === 'admin' || role === 'secretariat' ? 'allowed' : 403
    if (role === 'outsider') return 404
    if (rule === 'programmeGlobal') return role === 'admin' || role === 'secretariat' ? 'allowed' : 403
    return CAPABLE[rule.programme].includes(role) ? 'allowed' : 403
  }

  /** `:id` is a programme, a token (made fresh when allowed) or an account (one kept for this: resets revoke its tokens). */
  const idFor = (key: string) => (key.includes('/api/tokens/') ? 'not-a-token' : key.includes('/api/users/') ? target.id : OURS)
  const routes = () => {
    const seen = new Set<string>()
    for (const route of server.app.routes) seen.add(`${route.method} ${route.path}`)
    return [...seen].filter((key) => !NOT_API.has(key))
  }
  const pathFor = (key: string, values: Record<string, string>, query?: string) => {
    const [method, pattern] = key.split(' ') as [string, string]
    const path = pattern.replace(/:(\w+)/g, (_, name: string) => encodeURIComponent(values[name] ?? `missing-${name}`))
    return { method, path: query ? `${path}?${query}` : path }
  }

  beforeAll(async () => {
    server = await startTestServer()
    for (const code of [OURS, THEIRS]) {
      const imported = await server.api(`/api/import?${new URLSearchParams({ code, title: code, country: 'Peru' })}`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: SEED })
      expect(imported.status).toBe(201)
    }
    const [secretariat, coordinator, rco, evaluator, viewer, outsider, v, t] = await Promise.all([
      makeUser(server, { role: 'secretariat' }),
      makeUser(server, { programme: OURS, programmeRole: 'coordinator' }),
      makeUser(server, { programme: OURS, programmeRole: 'rco' }),
      makeUser(server, { programme: OURS, programmeRole: 'evaluator' }),
      makeUser(server, { programme: OURS, programmeRole: 'viewer' }),
      makeUser(server, { programme: THEIRS, programmeRole: 'coordinator' }),
      makeUser(server, { programme: OURS, programmeRole: 'viewer' }),
      makeUser(server),
    ])
    Object.assign(people, { secretariat, coordinator, rco, evaluator, viewer, outsider })
    victim = v!
    target = t!
    await objectsOf(THEIRS)
    fresh = await objectsOf(OURS)
    ids[OURS] = { ...ids[OURS], userId: victim.id }
    ids[THEIRS] = { ...ids[THEIRS], userId: victim.id }
  }, 60_000)
  afterAll(() => server.stop(true))

  it('classifies every route the app serves', () => {
    const unclassified = routes().filter((key) => !(key in TABLE))
    expect(unclassified, 'routes with no access decision in this table').toEqual([])
    const gone = Object.keys(TABLE).filter((key) => !routes().includes(key))
    expect(gone, 'table rows for routes the app no longer has').toEqual([])
  })

  it('answers every role as the table says', async () => {
    const wrong: string[] = []
    for (const key of routes()) {
      const entry = TABLE[key]!
      // Refusals first: they change nothing, so the allowed calls after them see the same objects.
      const order = [...ROLES].sort((a, b) => Number(expected(entry.rule, a) === 'allowed') - Number(expected(entry.rule, b) === 'allowed'))
      for (const role of order) {
        const want = expected(entry.rule, role)
        const values = { ...ids[OURS], id: idFor(key), ...(want === 'allowed' && entry.fresh ? await entry.fresh(role) : {}) }
        const { method, path } = pathFor(key, values, entry.query)
        const body = method === 'GET' || method === 'DELETE' ? undefined : (entry.body ?? {})
        const { status, code } = await call(role, method, path, body)
        const refused = code === 'unauthenticated' || code === 'forbidden' || code === 'not_found'
        const ok =
          status < 500 &&
          (want === 'allowed' ? !refused || (entry.ownOnly === true && code === 'forbidden') : status === want && refused)
        if (!ok) wrong.push(`${key} as ${role}: ${status} ${code ?? ''} (want ${want})`)
      }
    }
    expect(wrong).toEqual([])
  }, 120_000)

  it("answers 404 for another programme's objects addressed under ours", async () => {
    const wrong: string[] = []
    const OBJECTS = ['evaluationId', 'findingId', 'actionId', 'threadId', 'commentId']
    for (const key of routes().filter((k) => OBJECTS.some((name) => k.includes(`:${name}`)))) {
      const values = { ...ids[OURS] }
      for (const name of OBJECTS) if (key.includes(`:${name}`)) values[name] = ids[THEIRS][name]!
      const { method, path } = pathFor(key, values)
      const { status } = await call('admin', method, path, method === 'GET' || method === 'DELETE' ? undefined : (TABLE[key]!.body ?? {}))
      if (status !== 404) wrong.push(`${key}: ${status}`)
    }
    // Ids of THEIRS carried in the body of a write under OURS.
    const carried: Array<[string, unknown]> = [
      ['findings', { evaluationId: ids[THEIRS].evaluationId, criterion: 'effectiveness', finding: 'F', recommendation: 'R', priority: 'high' }],
      ['actions', { findingId: ids[THEIRS].findingId, description: 'A', responsible: 'R' }],
      ['threads', { anchor: { kind: 'finding', findingId: ids[THEIRS].findingId }, body: 'T' }],
    ]
    for (const [what, body] of carried) {
      const { status } = await call('admin', 'POST', `/api/programmes/${OURS}/${what}`, body)
      if (status !== 404) wrong.push(`POST ${what} under ours with an id of theirs: ${status}`)
    }
    // Lists name only the programmes one may read.
    const listed = (await (await fetch(`${server.url}/api/programmes`, { headers: { authorization: `Bearer ${people.outsider.token}` } })).json()) as { programmes: Array<{ code: string }> }
    if (listed.programmes.map((p) => p.code).join() !== THEIRS) wrong.push(`the list of a member of theirs only: ${listed.programmes.map((p) => p.code).join()}`)
    // A member of THEIRS only: not a member of OURS to remove (their membership of THEIRS stays).
    const removal = await call('admin', 'DELETE', `/api/programmes/${OURS}/members/${people.outsider.id}`)
    if (removal.status !== 404) wrong.push(`removing from ours a member of theirs: ${removal.status}`)
    if ((await call('outsider', 'GET', `/api/programmes/${THEIRS}`)).status !== 200) wrong.push('the member of theirs lost their programme')
    // A snapshot of THEIRS, through its own routes, for a member of OURS only; and in OURS's diff.
    for (const key of ['GET /api/snapshots/:snapshotId', 'GET /api/snapshots/:snapshotId/export', 'POST /api/snapshots/:snapshotId/restore']) {
      const { method, path } = pathFor(key, ids[THEIRS], key.startsWith('GET ') ? 'format=json' : undefined)
      const { status } = await call('viewer', method, path, method === 'GET' ? undefined : {})
      if (status !== 404) wrong.push(`${key} as a member of the other programme: ${status}`)
    }
    for (const query of [`from=${ids[THEIRS].snapshotId}`, `from=now&to=${ids[THEIRS].snapshotId}`]) {
      const diff = await call('admin', 'GET', `/api/programmes/${OURS}/diff?${query}`)
      if (diff.status !== 404) wrong.push(`diff ${query} (another programme's snapshot): ${diff.status}`)
    }
    // Another person's token id answers 404, not a deletion.
    const victimTokens = (await (await fetch(`${server.url}/api/tokens`, { headers: { authorization: `Bearer ${victim.token}` } })).json()) as { tokens: Array<{ id: string }> }
    const theft = await call('coordinator', 'DELETE', `/api/tokens/${victimTokens.tokens[0]!.id}`)
    if (theft.status !== 404) wrong.push(`another person's token: ${theft.status}`)
    expect(wrong).toEqual([])
  })

  it('never answers 500 to garbage ids', async () => {
    const GARBAGE = ['x'.repeat(5000), '../../etc/passwd', '%00', '\u0000', 'ñandú-☃-🦙', "' OR 1=1 --", '-1', '1e308']
    const failures: string[] = []
    for (const key of routes().filter((k) => k.includes(':'))) {
      for (const junk of GARBAGE) {
        const names = [...key.matchAll(/:(\w+)/g)].map((m) => m[1]!)
        for (const name of names) {
          const { method, path } = pathFor(key, { ...ids[OURS], id: idFor(key), [name]: junk }, TABLE[key]!.query)
          const { status } = await call('admin', method, path, method === 'GET' || method === 'DELETE' ? undefined : (TABLE[key]!.body ?? {}))
          // The admin may do everything: a garbage id can only be not found or not valid.
          if (![404, 422].includes(status)) failures.push(`${key} with ${name}=${JSON.stringify(junk.slice(0, 20))}: ${status}`)
        }
      }
    }
    expect(failures).toEqual([])
  }, 120_000)

  it('decides an import by the role on the sheet it names', async () => {
    // Our own export read back: a valid sheet, so what answers is the decision on who may store it.
    const source = await (await server.api(`/api/programmes/${OURS}/export?format=json`)).text()
    const wrong: string[] = []
    for (const role of ROLES) {
      const replace = expected({ programme: 'edit' }, role)
      const create = expected('global', role)
      for (const [code, want, done] of [[OURS, replace, 200], [`MATRIX-NEW-${role}`, create, 201]] as const) {
        const token = tokenOf(role)
        const response = await fetch(`${server.url}/api/import?code=${code}`, {
          method: 'POST',
          headers: { origin: server.url, 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
          body: source,
        })
        await response.body?.cancel()
        if (response.status !== (want === 'allowed' ? done : want)) wrong.push(`import into ${code} as ${role}: ${response.status} (want ${want})`)
      }
    }
    expect(wrong).toEqual([])
  })

  it('refuses every cookie write without the CSRF header, or from another site', async () => {
    const login = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: server.url },
      body: JSON.stringify({ email: TEST_ADMIN.email, password: TEST_ADMIN.password }),
    })
    expect(login.status).toBe(200)
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!
    const { csrfToken } = (await login.json()) as { csrfToken: string }
    const write = async (path: string, method: string, headers: Record<string, string>) => {
      const response = await fetch(`${server.url}${path}`, { method, headers: { cookie, 'content-type': 'application/json', ...headers }, body: '{}' })
      return `${response.status} ${((await response.json()) as { error?: { code: string } }).error?.code ?? ''}`
    }
    const writes = routes().filter((key) => !key.startsWith('GET '))
    expect(writes.length).toBeGreaterThan(20)
    const wrong: string[] = []
    await Promise.all(
      writes.map(async (key) => {
        const { method, path } = pathFor(key, { ...ids[OURS], id: idFor(key) })
        const missing = await write(path, method, { origin: server.url })
        const foreign = await write(path, method, { origin: 'https://evil.example', 'x-csrf-token': csrfToken })
        if (missing !== '403 csrf' || foreign !== '403 csrf') wrong.push(`${key}: without the header ${missing}, from another site ${foreign}`)
      }),
    )
    expect(wrong).toEqual([])
    // With the header, from our own pages, the same cookie writes.
    const made = await fetch(`${server.url}/api/tokens`, { method: 'POST', headers: { cookie, origin: server.url, 'content-type': 'application/json', 'x-csrf-token': csrfToken }, body: JSON.stringify({ name: 'by cookie' }) })
    expect(made.status).toBe(201)
  })

  it('closes the socket with 4401 without an identity and 4403 for a non-member', async () => {
    const closeCode = (token: string | null) =>
      new Promise<number>((resolve) => {
        const socket = new WebSocket(`${server.syncUrl}/${OURS}${token ? `?token=${encodeURIComponent(token)}` : ''}`)
        socket.on('error', () => {})
        socket.on('close', (code) => resolve(code))
      })
    expect(await closeCode(null)).toBe(CloseCode.unauthenticated)
    expect(await closeCode('ficha_not-a-token')).toBe(CloseCode.unauthenticated)
    expect(await closeCode(people.outsider.token)).toBe(CloseCode.forbidden)
  })
})
