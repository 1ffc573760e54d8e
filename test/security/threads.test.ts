import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { createTextAnchor, decodeAnchorPosition, resolveTextAnchor } from '../../shared/anchors.js'
import { paragraphsJSON, setNarrativeFromProsemirrorJSON } from '../../shared/richtext/render.js'
import { addRow, findRow, rowNarrative, sheetFields, sheetNarrative } from '../../shared/sheet/layout.js'
import { connectClient, openEvents, waitUntil, type Client } from '../support/clients.js'
import { startTestServer, type TestServer } from '../support/server.js'
import { as, jsonBody, makeUser, type TestUser } from '../support/users.js'

// Issue #23, point 1: a comment thread whose text anchor was not a Yjs relative position was
// stored (with a 500), and from then on every read of the programme's threads answered 500.
const P = 'THREADS-P'
const OTHER = 'THREADS-OTHER'
const SUMMARY = 'El programa fortalece las industrias creativas de cuatro regiones.'
const GENDER = 'Las mujeres artesanas lideran la mitad de los proyectos.'
const STATEMENT = 'Cadenas de valor de las industrias creativas fortalecidas.'
const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64')
const position = (json: Record<string, unknown>) => b64(Y.encodeRelativePosition(Y.createRelativePositionFromJSON(json)))

/** The first paragraph's text of a narrative fragment, as y-prosemirror lays it out. */
const textIn = (fragment: Y.XmlFragment, paragraph = 0) => (fragment.get(paragraph) as Y.XmlElement).get(0) as Y.XmlText

describe('comment threads against hostile anchors (issue #23, point 1)', () => {
  let server: TestServer
  let writer: Client
  let secretariat: TestUser
  let coordinator: TestUser
  let viewer: TestUser
  let outsider: TestUser
  let rowId: string
  let otherFindingId: string

  const count = (table: 'threads' | 'comments' | 'mentions') => (server.db.sqlite.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n
  const summary = () => textIn(sheetNarrative(writer.doc, 'summary'))
  const span = (text: Y.XmlText, whole: string, part: string) => createTextAnchor(text, whole.indexOf(part), part.length)

  beforeAll(async () => {
    server = await startTestServer()
    await server.api('/api/programmes', jsonBody({ code: P, title: 'Threads', country: 'Peru' }))
    await server.api('/api/programmes', jsonBody({ code: OTHER, title: 'Other', country: 'Peru' }))
    secretariat = await makeUser(server, { role: 'secretariat' })
    coordinator = await makeUser(server, { programme: P, programmeRole: 'coordinator' })
    viewer = await makeUser(server, { programme: P, programmeRole: 'viewer' })
    outsider = await makeUser(server, { programme: OTHER, programmeRole: 'coordinator' })

    writer = connectClient(server, P)
    await writer.synced()
    writer.doc.transact(() => {
      setNarrativeFromProsemirrorJSON(sheetNarrative(writer.doc, 'summary'), paragraphsJSON(SUMMARY, 'Segundo párrafo del resumen.'))
      setNarrativeFromProsemirrorJSON(sheetNarrative(writer.doc, 'gender'), paragraphsJSON(GENDER))
    })
    rowId = addRow(writer.doc, 'results')
    setNarrativeFromProsemirrorJSON(rowNarrative(findRow(writer.doc, 'results', rowId)!, 'statement')!, paragraphsJSON(STATEMENT))
    await waitUntil(() => server.registry.get(P)?.doc.getXmlFragment('text:gender').length === 1 && findRow(server.registry.get(P)!.doc, 'results', rowId) !== undefined, 'the texts at the server')
    await waitUntil(() => rowNarrative(findRow(server.registry.get(P)!.doc, 'results', rowId)!, 'statement')!.length === 1, 'the row narrative at the server')

    const evaluation = await (await server.api(`/api/programmes/${OTHER}/evaluations`, jsonBody({ kind: 'mid-term', evaluators: 'X' }))).json()
    const finding = await (await server.api(`/api/programmes/${OTHER}/findings`, jsonBody({ evaluationId: evaluation.evaluation.id, criterion: 'effectiveness', finding: 'f', recommendation: 'r', priority: 'high' }))).json()
    otherFindingId = finding.finding.id
  })
  afterAll(async () => {
    writer?.destroy()
    await server?.stop(true)
  })

  it('refuses every hostile anchor with a clear 422 (404 for a finding of another programme) and stores nothing', async () => {
    const good = span(summary(), SUMMARY, 'industrias creativas')
    const inGender = span(textIn(sheetNarrative(writer.doc, 'gender')), GENDER, 'mujeres artesanas')
    const secondParagraph = createTextAnchor(textIn(sheetNarrative(writer.doc, 'summary'), 1), 0, 7)
    const paragraph = sheetNarrative(writer.doc, 'summary').get(0) as Y.XmlElement
    const text = (anchor: object) => ({ kind: 'text', field: 'text:summary', quote: 'industrias creativas', ...anchor })
    const cases: [string, unknown, RegExp][] = [
      ['start not base64', text({ ...good, start: 'garbage!!' }), /anchor\.start is not a Yjs relative position/],
      ['end not base64', text({ ...good, end: '%%%%' }), /anchor\.end is not a Yjs relative position/],
      ['start of no item of the document', text({ ...good, start: 'AAAA' }), /anchor\.start .*not in this sheet/],
      ['end of no item of the document', text({ ...good, end: 'AAAA' }), /anchor\.end .*not in this sheet/],
      ['bytes that are no position', text({ ...good, start: b64(new Uint8Array([7, 1, 2])) }), /anchor\.start is not a Yjs relative position/],
      ['a varint that never ends', text({ ...good, start: b64(new Uint8Array(12).fill(0xff)) }), /anchor\.start is not a Yjs relative position/],
      ['a root type the sheet does not have', text({ ...good, end: position({ tname: 'evil', assoc: 0 }) }), /anchor\.end .*not in this sheet/],
      ['the fields map', text({ ...good, start: b64(Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(sheetFields(writer.doc), 0))) }), /anchor\.start .*not .*text/],
      ['a paragraph rather than its text', text({ ...good, start: b64(Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(paragraph, 0))) }), /anchor\.start .*not .*text/],
      ['another narrative\'s text', text(inGender), /anchor\.start .*not in text:summary/],
      ['start and end in two paragraphs', text({ start: good.start, end: secondParagraph.end }), /anchor\.start and anchor\.end .*same paragraph/],
      ['start after end', text({ start: good.end, end: good.start }), /anchor\.start is after anchor\.end/],
      ['a number for start', text({ ...good, start: 12 }), /\bstart must be text/],
      ['an object for end', text({ ...good, end: { a: 1 } }), /\bend must be text/],
      ['a huge start', text({ ...good, start: 'A'.repeat(200_000) }), /\bstart is longer than 400/],
      ['a huge quote', text({ ...good, quote: 'x'.repeat(200_000) }), /\bquote is longer than/],
      ['a number for quote', text({ ...good, quote: 3 }), /\bquote must be text/],
      ['no quote', { kind: 'text', field: 'text:summary', ...good }, /\bquote is required/],
      ['an unknown narrative', text({ ...good, field: 'text:nonsense' }), /text:nonsense is not a narrative/],
      ['a value field as a text field', text({ ...good, field: 'budget.total' }), /budget\.total is not a narrative/],
      ['a row that does not exist', text({ ...good, field: 'list:results/no-such-row/statement' }), /no-such-row/],
      ['the summary\'s span on a row narrative', text({ ...good, field: `list:results/${rowId}/statement` }), new RegExp(`anchor\\.start .*not in list:results/${rowId}/statement`)],
      ['an unknown kind', { kind: 'banana', field: 'text:summary' }, /anchor\.kind must be finding, field or text/],
      ['a number for kind', { kind: 5 }, /\bkind must be text/],
      ['an object for field', { kind: 'field', field: { x: 1 } }, /\bfield must be text/],
      ['an unknown field', { kind: 'field', field: 'budget.nonsense' }, /budget\.nonsense is not a field/],
      ['a list anchor as an array', [], /anchor must be a JSON object/],
      ['a string as anchor', 'text:summary', /anchor must be a JSON object/],
      ['no anchor', undefined, /anchor must be a JSON object/],
    ]
    const threads = count('threads')
    const comments = count('comments')
    for (const [what, anchor, message] of cases) {
      const response = await as(server, coordinator, `/api/programmes/${P}/threads`, jsonBody({ anchor, body: what }))
      const answer = await response.json()
      expect({ what, status: response.status, code: answer.error?.code }).toEqual({ what, status: 422, code: 'validation_failed' })
      expect(answer.error.message, what).toMatch(message)
    }
    const foreign = await as(server, coordinator, `/api/programmes/${P}/threads`, jsonBody({ anchor: { kind: 'finding', findingId: otherFindingId }, body: 'x' }))
    expect(foreign.status).toBe(404)
    expect((await foreign.json()).error.code).toBe('not_found')
    expect([count('threads'), count('comments')]).toEqual([threads, comments])
    // Resolving a position never defines a root type the sheet does not have.
    expect(server.registry.get(P)!.doc.share.has('evil')).toBe(false)

    // The same anchors, well formed, are taken: on a sheet narrative and on a row's narrative.
    const taken = await as(server, coordinator, `/api/programmes/${P}/threads`, jsonBody({ anchor: text(good), body: 'bien' }))
    expect(taken.status).toBe(201)
    expect((await taken.json()).thread.anchor).toMatchObject({ currentText: 'industrias creativas', detached: false })
    const statement = textIn(rowNarrative(findRow(writer.doc, 'results', rowId)!, 'statement')!)
    const onRow = await as(server, coordinator, `/api/programmes/${P}/threads`, jsonBody({ anchor: { kind: 'text', field: `list:results/${rowId}/statement`, quote: 'Cadenas de valor', ...span(statement, STATEMENT, 'Cadenas de valor') }, body: 'fila' }))
    expect(onRow.status).toBe(201)
    expect((await onRow.json()).thread.anchor).toMatchObject({ currentText: 'Cadenas de valor', detached: false })
    expect(count('threads')).toBe(threads + 2)
  })

  it('a stored row that cannot be decoded or resolved is shown detached, and every other thread still answers', async () => {
    const good = await (await as(server, coordinator, `/api/programmes/${P}/threads`, jsonBody({ anchor: { kind: 'text', field: 'text:summary', quote: 'cuatro regiones', ...span(summary(), SUMMARY, 'cuatro regiones') }, body: 'ok' }))).json()
    const inGender = span(textIn(sheetNarrative(writer.doc, 'gender')), GENDER, 'mujeres artesanas')
    // Rows as an older server stored them, straight into SQLite.
    const bad: [string, string, string, string][] = [
      ['bad-garbage', 'text:summary', 'garbage!!', 'garbage!!'],
      ['bad-missing', 'text:summary', 'AAAA', 'AAAA'],
      ['bad-root', 'text:summary', position({ tname: 'evil', assoc: 0 }), position({ tname: 'evil', assoc: 0 })],
      ['bad-elsewhere', 'text:summary', inGender.start, inGender.end],
      ['bad-field', 'text:nonsense', inGender.start, inGender.end],
      ['bad-row', 'list:results/gone/statement', inGender.start, inGender.end],
    ]
    const now = Date.now()
    const insertThread = server.db.sqlite.prepare(
      `INSERT INTO threads (id, programme_id, anchor_kind, finding_id, field, anchor_start, anchor_end, quote, resolved_at, resolved_by, created_by, created_at, updated_at)
       VALUES (?, ?, 'text', NULL, ?, ?, ?, ?, NULL, NULL, ?, ?, ?)`,
    )
    const insertComment = server.db.sqlite.prepare('INSERT INTO comments (id, thread_id, author_id, body, created_at, edited_at, deleted_at) VALUES (?, ?, ?, ?, ?, NULL, NULL)')
    const admin = (await (await server.api('/api/auth/me')).json()).user.id as string
    for (const [id, field, start, end] of bad) {
      insertThread.run(id, P, field, start, end, `quote of ${id}`, coordinator.id, now, now)
      insertComment.run(`${id}-c`, id, coordinator.id, `about ${id}`, now)
      server.db.sqlite.prepare('INSERT INTO mentions (comment_id, user_id) VALUES (?, ?)').run(`${id}-c`, admin)
    }

    const expectAll = (threads: { id: string; anchor: { quote?: string; detached?: boolean; currentText?: string } }[]) => {
      for (const [id] of bad) expect(threads.find((t) => t.id === id)?.anchor, id).toMatchObject({ quote: `quote of ${id}`, detached: true, currentText: '' })
      expect(threads.find((t) => t.id === good.thread.id)?.anchor).toMatchObject({ currentText: 'cuatro regiones', detached: false })
    }
    for (const who of [{ token: server.token }, coordinator, viewer]) {
      const listed = await as(server, who, `/api/programmes/${P}/threads`)
      expect(listed.status).toBe(200)
      expectAll((await listed.json()).threads)
    }
    // The admin is mentioned in the bad threads, the coordinator wrote in all of them.
    for (const who of [{ token: server.token }, coordinator]) {
      const mine = await as(server, who, '/api/me/threads')
      expect(mine.status).toBe(200)
      const threads = (await mine.json()).threads
      for (const [id] of bad) expect(threads.find((t: { id: string }) => t.id === id)?.anchor, id).toMatchObject({ detached: true })
    }
    expect(server.registry.get(P)!.doc.share.has('evil')).toBe(false)

    // The bad rows can be removed now (the secretariat's delete).
    for (const [id] of bad) expect((await as(server, secretariat, `/api/programmes/${P}/threads/${id}`, { method: 'DELETE' })).status).toBe(200)
    expect((await as(server, viewer, `/api/programmes/${P}/threads`)).status).toBe(200)
  })

  it('the shared decoder (the web client\'s highlights use it) never throws and defines no root type', () => {
    const doc = new Y.Doc()
    doc.getXmlFragment('text:summary').insert(0, [new Y.XmlText('hola')])
    const hostile: unknown[] = ['garbage!!', 'AAAA', '', '=', position({ tname: 'evil', assoc: 0 }), b64(new Uint8Array(12).fill(0xff)), b64(new Uint8Array([7])), 12, null, {}, 'A'.repeat(100_000)]
    for (const value of hostile) {
      expect(() => decodeAnchorPosition(value, doc)).not.toThrow()
      for (const other of hostile) expect(resolveTextAnchor(doc, { start: value, end: other })).toMatchObject({ detached: true, length: 0, text: '' })
    }
    expect(decodeAnchorPosition('garbage!!', doc)).toBeNull()
    expect(decodeAnchorPosition(position({ tname: 'evil', assoc: 0 }), doc)).toBeNull()
    expect(doc.share.has('evil')).toBe(false)
  })

  it('the secretariat and admins delete a thread with its comments and mentions; others get 403, other programmes\' threads 404; the event and the audit log say so', async () => {
    const quote = 'fortalece las industrias'
    const open = async () =>
      (await (await as(server, coordinator, `/api/programmes/${P}/threads`, jsonBody({ anchor: { kind: 'text', field: 'text:summary', quote, ...span(summary(), SUMMARY, quote) }, body: 'Primera palabra de un hilo largo', mentions: [viewer.id] }))).json()).thread.id as string
    const id = await open()
    await as(server, coordinator, `/api/programmes/${P}/threads/${id}/comments`, jsonBody({ body: 'una respuesta', mentions: [viewer.id] }))
    const otherThread = (await (await server.api(`/api/programmes/${OTHER}/threads`, jsonBody({ anchor: { kind: 'field', field: 'budget.total' }, body: 'otro' }))).json()).thread.id as string
    const rows = (threadId: string) => ({
      threads: (server.db.sqlite.prepare('SELECT count(*) AS n FROM threads WHERE id = ?').get(threadId) as { n: number }).n,
      comments: (server.db.sqlite.prepare('SELECT count(*) AS n FROM comments WHERE thread_id = ?').get(threadId) as { n: number }).n,
      mentions: (server.db.sqlite.prepare('SELECT count(*) AS n FROM mentions WHERE comment_id IN (SELECT id FROM comments WHERE thread_id = ?)').get(threadId) as { n: number }).n,
    })
    expect(rows(id)).toEqual({ threads: 1, comments: 2, mentions: 2 })

    const del = (who: { token: string }, programme: string, threadId: string) => as(server, who, `/api/programmes/${programme}/threads/${encodeURIComponent(threadId)}`, { method: 'DELETE' })
    for (const who of [coordinator, viewer]) {
      const refused = await del(who, P, id)
      expect(refused.status).toBe(403)
      expect((await refused.json()).error.code).toBe('forbidden')
    }
    expect((await del(outsider, P, id)).status).toBe(404)
    for (const threadId of [otherThread, 'no-such-thread', '%00%ff../x']) {
      const missing = await del(secretariat, P, threadId)
      expect(missing.status).toBe(404)
      expect((await missing.json()).error.code).toBe('not_found')
    }
    expect(rows(id)).toEqual({ threads: 1, comments: 2, mentions: 2 })
    expect(rows(otherThread).threads).toBe(1)

    const stream = await openEvents(`${server.url}/api/programmes/${P}/events`, { authorization: `Bearer ${viewer.token}` })

    const deleted = await del(secretariat, P, id)
    expect(deleted.status).toBe(200)
    expect(rows(id)).toEqual({ threads: 0, comments: 0, mentions: 0 })
    await waitUntil(() => stream.received.includes(`"id":"${id}"`), 'the deleted event')
    expect(stream.received).toContain(`data: {"kind":"thread","id":"${id}","op":"deleted"}`)
    stream.close()
    expect((await (await as(server, viewer, `/api/programmes/${P}/threads`)).json()).threads.map((t: { id: string }) => t.id)).not.toContain(id)
    expect((await del(secretariat, P, id)).status).toBe(404)

    type Entry = { field: string; user: { id: string } | null; detail: { kind: string; excerpt?: string; comments?: number } | null }
    const audit = (await (await as(server, viewer, `/api/programmes/${P}/audit`)).json()).entries as Entry[]
    const entry = audit.find((e) => e.field === `thread:${id}`)
    expect(entry?.user?.id).toBe(secretariat.id)
    expect(entry?.detail).toMatchObject({ kind: 'threadDeleted', comments: 2 })
    expect(entry?.detail?.excerpt).toContain(quote)

    // An admin too; a thread on a field is named by its first words.
    const onField = (await (await as(server, coordinator, `/api/programmes/${P}/threads`, jsonBody({ anchor: { kind: 'field', field: 'budget.total' }, body: 'Primeras palabras del hilo sobre el total' }))).json()).thread.id as string
    expect((await del({ token: server.token }, P, onField)).status).toBe(200)
    const notes = (await (await server.api(`/api/programmes/${P}/audit`)).json()).entries as { field: string; detail: { field: string; excerpt: string } | null }[]
    expect(notes.find((e) => e.field === `thread:${onField}`)?.detail).toMatchObject({ field: 'budget.total', excerpt: expect.stringContaining('Primeras palabras del hilo') })
  })
})
