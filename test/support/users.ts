import type { TestServer } from './server.js'

export interface TestUser {
  id: string
  email: string
  password: string
  /** Personal API token (bearer, or `?token=` on the socket). */
  token: string
}

let counter = 0

/**
 * An account created through the API as the admin would, optionally with a global role or a role
 * on one programme, and a personal token made by signing in as that person.
 */
export async function makeUser(
  server: Pick<TestServer, 'url' | 'api'>,
  options: { role?: 'admin' | 'secretariat'; programme?: string; programmeRole?: 'coordinator' | 'rco' | 'evaluator' | 'viewer'; name?: string } = {},
): Promise<TestUser> {
  const email = `person${++counter}-${Date.now()}@test.local`
  const password = 'a long enough password'
  const created = await server.api('/api/users', jsonBody({ email, name: options.name ?? `Person ${counter}`, password, ...(options.role ? { role: options.role } : {}) }))
  if (created.status !== 201) throw new Error(`user not created: ${created.status} ${await created.text()}`)
  const { user } = (await created.json()) as { user: { id: string } }
  if (options.programme && options.programmeRole) {
    const granted = await server.api(`/api/programmes/${options.programme}/members`, jsonBody({ email, role: options.programmeRole }, 'PUT'))
    if (!granted.ok) throw new Error(`membership not granted: ${granted.status}`)
  }
  const { token } = await createToken(server, await signIn(server, email, password))
  return { id: user.id, email, password, token }
}

/** A personal API token made in a signed-in session (`POST /api/tokens`, as the account page does). */
export async function createToken(server: { url: string }, session: { cookie: string; csrfToken: string }, name = 'tests'): Promise<{ token: string; id: string }> {
  const created = await fetch(`${server.url}/api/tokens`, { ...jsonBody({ name }), headers: { 'content-type': 'application/json', cookie: session.cookie, 'x-csrf-token': session.csrfToken } })
  if (created.status !== 201) throw new Error(`token not created: ${created.status} ${await created.text()}`)
  return (await created.json()) as { token: string; id: string }
}

/** Signs in through `POST /api/auth/login`; answers the session cookie and its CSRF token. */
export async function signIn(server: { url: string }, email: string, password: string): Promise<{ cookie: string; csrfToken: string; setCookie: string }> {
  const response = await fetch(`${server.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  })
  if (!response.ok) throw new Error(`sign-in failed: ${response.status}`)
  const setCookie = response.headers.get('set-cookie') ?? ''
  return { cookie: setCookie.split(';')[0]!, csrfToken: ((await response.json()) as { csrfToken: string }).csrfToken, setCookie }
}

/** `fetch` as a person holding a token. */
export function as(server: { url: string }, user: { token: string }, path: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`${server.url}${path}`, { ...init, headers: { authorization: `Bearer ${user.token}`, ...(init.headers as Record<string, string>) } })
}

/** A request carrying `body` as JSON (default POST), for `fetch`, `as` or a server's `api`. */
export function jsonBody(body: unknown, method = 'POST'): RequestInit {
  return { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }
}

/**
 * A JSON write as `user` (default POST) that must succeed: a refusal throws with the server's
 * answer, so a test's setup never goes on from a step that did not happen.
 *
 * @example await sendJson(server, coordinator, '/api/programmes/MDGF-2081/actions', { findingId, … })
 */
export async function sendJson(server: { url: string }, user: { token: string }, path: string, body: unknown, method = 'POST'): Promise<any> {
  const response = await as(server, user, path, jsonBody(body, method))
  if (response.status >= 300) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`)
  return response.json()
}
