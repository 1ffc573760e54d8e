import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { countLoggedUpdates } from '../../db/repositories/documents.js'
import { CloseCode } from '../../shared/protocol.js'
import { CollabRefusal, type Authorizer } from '../../server/collab/types.js'
import { connectClient, waitUntil, type Client } from '../support/clients.js'
import { registerProgramme } from '../support/programmes.js'
import { startTestServer } from '../support/server.js'

type Server = Awaited<ReturnType<typeof startTestServer>>

/** Decides from the `?token=` query, as the accounts issue will: a hook at the upgrade. */
const byToken: Authorizer = ({ request }) => {
  const token = new URL(request.url).searchParams.get('token')
  if (token === 'editor') return { userId: null, credentialId: null, readOnly: false }
  if (token === 'viewer') return { userId: null, credentialId: null, readOnly: true }
  if (token === 'outsider') throw new CollabRefusal(CloseCode.forbidden, 'not a member of this programme')
  throw new CollabRefusal(CloseCode.unauthenticated, 'sign in first')
}

describe('the authorisation hook at the upgrade', () => {
  let server: Server
  const clients: Client[] = []
  const connect = (token: string) => {
    // The provider sends params as the query string: /sync/GUARDED?token=…
    const client = connectClient(server, 'GUARDED', undefined, { params: { token } })
    clients.push(client)
    return client
  }
  const closedWith = (client: Client) =>
    new Promise<number>((resolve) => client.provider.on('closed', (event: { code: number }) => resolve(event.code)))

  beforeAll(async () => {
    server = await startTestServer({ authorize: byToken })
    await registerProgramme(server, 'GUARDED')
  })
  afterEach(() => {
    for (const c of clients.splice(0)) c.destroy()
  })
  afterAll(() => server.stop(true))

  it('closes with 4401 without identity and 4403 for a non-member; the provider stops retrying', async () => {
    const anonymous = connect('')
    expect(await closedWith(anonymous)).toBe(CloseCode.unauthenticated)
    const outsider = connect('outsider')
    expect(await closedWith(outsider)).toBe(CloseCode.forbidden)
    expect(outsider.provider.shouldConnect).toBe(false)
  })

  it('lets a read-only connection sync and show presence, but never applies, broadcasts or stores its updates', async () => {
    const editor = connect('editor')
    const viewer = connect('viewer')
    await Promise.all([editor.synced(), viewer.synced()])
    editor.doc.getText('t').insert(0, 'from the editor')
    await waitUntil(() => viewer.doc.getText('t').toString() === 'from the editor', 'the editor text at the viewer')
    const stored = countLoggedUpdates(server.db, 'GUARDED')

    viewer.doc.getText('t').insert(0, 'VIEWER WAS HERE ')
    viewer.provider.awareness.setLocalStateField('user', { name: 'viewer' })
    await waitUntil(() => editor.provider.awareness.getStates().get(viewer.doc.clientID) !== undefined, 'viewer presence')
    await waitUntil(() => server.logs.events('connection.update_refused').length > 0, 'the refusal')

    expect(server.registry.get('GUARDED')!.doc.getText('t').toString()).toBe('from the editor')
    expect(editor.doc.getText('t').toString()).toBe('from the editor')
    expect(countLoggedUpdates(server.db, 'GUARDED')).toBe(stored)
  })
})
