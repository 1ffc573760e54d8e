import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { readDocument } from '../../db/repositories/documents.js'
import { createTextAnchor } from '../../shared/anchors.js'
import { paragraphsJSON, setNarrativeFromProsemirrorJSON } from '../../shared/richtext/render.js'
import { sheetNarrative } from '../../shared/sheet/layout.js'
import { connectClient, openEvents, waitUntil, type Client } from '../support/clients.js'
import { startTestServer, type TestServer } from '../support/server.js'
import { as, jsonBody, makeUser, type TestUser } from '../support/users.js'

const P = 'EVAL-1'
const SUMMARY = 'El informe señala que no están involucrados aunque hay eventos.'

describe('findings, management response, improvement plan and comment threads', () => {
  let server: TestServer
  let evaluator: TestUser
  let coordinator: TestUser
  let viewer: TestUser
  let outsider: TestUser
  const clients: Client[] = []
  const connect = (user: TestUser) => {
    const client = connectClient({ syncUrl: server.syncUrl, token: user.token }, P)
    clients.push(client)
    return client
  }
  const summaryText = (doc: Y.Doc) => ((sheetNarrative(doc, 'summary').get(0) as Y.XmlElement).get(0) as Y.XmlText)

  beforeAll(async () => {
    server = await startTestServer()
    await server.api('/api/programmes', jsonBody({ code: P, title: 'Eval', country: 'Peru' }))
    await server.api('/api/programmes', jsonBody({ code: 'OTHER', title: 'Other', country: 'Peru' }))
    evaluator = await makeUser(server, { programme: P, programmeRole: 'evaluator' })
    coordinator = await makeUser(server, { programme: P, programmeRole: 'coordinator' })
    viewer = await makeUser(server, { programme: P, programmeRole: 'viewer' })
    outsider = await makeUser(server, { programme: 'OTHER', programmeRole: 'coordinator' })
  })
  afterEach(() => {
    for (const c of clients.splice(0)) c.destroy()
  })
  afterAll(() => server.stop(true))

  it('permission matrix: evaluators write findings, coordinators respond and plan, viewers read, outsiders see nothing', async () => {
    const evaluation = { kind: 'mid-term', evaluators: 'Juan Manuel Toledano', periodStart: '2011-09', periodEnd: '2011-11' }
    expect((await as(server, coordinator, `/api/programmes/${P}/evaluations`, jsonBody(evaluation))).status).toBe(403)
    expect((await as(server, outsider, `/api/programmes/${P}/evaluations`, jsonBody(evaluation))).status).toBe(404)
    const created = await as(server, evaluator, `/api/programmes/${P}/evaluations`, jsonBody(evaluation))
    expect(created.status).toBe(201)
    const evaluationId = (await created.json()).evaluation.id

    const finding = { evaluationId, criterion: 'effectiveness', finding: 'Casi todas las metas están en 0.', recommendation: 'Fortalecer el sistema de seguimiento.', priority: 'high' }
    expect((await as(server, viewer, `/api/programmes/${P}/findings`, jsonBody(finding))).status).toBe(403)
    const f = await as(server, evaluator, `/api/programmes/${P}/findings`, jsonBody(finding))
    expect(f.status).toBe(201)
    const findingId = (await f.json()).finding.id

    expect((await as(server, evaluator, `/api/programmes/${P}/findings/${findingId}/response`, jsonBody({ decision: 'accepted' }, 'PUT'))).status).toBe(403)
    const rejected = await as(server, coordinator, `/api/programmes/${P}/findings/${findingId}/response`, jsonBody({ decision: 'rejected' }, 'PUT'))
    expect(rejected.status).toBe(422)
    expect((await as(server, coordinator, `/api/programmes/${P}/findings/${findingId}/response`, jsonBody({ decision: 'partially-accepted', reason: 'Sin presupuesto para un estudio nuevo.' }, 'PUT'))).status).toBe(200)

    expect((await as(server, viewer, `/api/programmes/${P}/actions`, jsonBody({ findingId, description: 'x', responsible: 'y' }))).status).toBe(403)
    const overdue = await as(server, coordinator, `/api/programmes/${P}/actions`, jsonBody({ findingId, description: 'Revisar las metas', responsible: 'Unidad de coordinación', dueDate: '2012-01-31', responsibleUserId: coordinator.id }))
    expect(overdue.status).toBe(201)
    expect((await overdue.json()).action).toMatchObject({ status: 'not-started', overdue: true })
    const later = await (await as(server, coordinator, `/api/programmes/${P}/actions`, jsonBody({ findingId, description: 'Estudio complementario', responsible: 'PNUD', dueDate: '2099-01-01' }))).json()
    await as(server, coordinator, `/api/programmes/${P}/actions/${later.action.id}`, jsonBody({ status: 'done' }, 'PATCH'))

    const list = await (await as(server, viewer, `/api/programmes/${P}/evaluations`)).json()
    expect(list.evaluations[0]).toMatchObject({ evaluators: 'Juan Manuel Toledano', progress: { actions: 2, done: 1, overdue: 1, percentDone: 50 } })
    expect(list.evaluations[0].findings[0]).toMatchObject({ number: 1, criterion: 'effectiveness', response: { decision: 'partially-accepted' } })
    const mine = await (await as(server, coordinator, '/api/me/actions')).json()
    expect(mine.actions.map((a: { description: string }) => a.description)).toEqual(['Revisar las metas'])
  })

  it('a text anchor made by a read-only evaluator holds under concurrent edits, and detaches when its text is deleted', async () => {
    const writer = connect(coordinator)
    await writer.synced()
    setNarrativeFromProsemirrorJSON(sheetNarrative(writer.doc, 'summary'), paragraphsJSON(SUMMARY))
    const reader = connect(evaluator)
    await reader.synced()
    await waitUntil(() => sheetNarrative(reader.doc, 'summary').length > 0, 'the summary at the evaluator')
    const before = JSON.stringify(readDocument(server.db, P))

    // The evaluator anchors on their own replica: nothing is written into the sheet.
    const span = 'no están involucrados'
    const anchor = createTextAnchor(summaryText(reader.doc), SUMMARY.indexOf(span), span.length)
    const opened = await as(server, evaluator, `/api/programmes/${P}/threads`, jsonBody({ anchor: { kind: 'text', field: 'text:summary', ...anchor, quote: span }, body: '¿Hay evidencia de esto?' }))
    expect(opened.status).toBe(201)
    const thread = (await opened.json()).thread
    expect(thread.anchor).toMatchObject({ kind: 'text', field: 'text:summary', quote: span, currentText: span, detached: false })
    expect(JSON.stringify(readDocument(server.db, P))).toBe(before)

    // The coordinator edits before, inside and after the span.
    const text = summaryText(writer.doc)
    text.insert(SUMMARY.length, ' Fin.')
    text.insert(SUMMARY.indexOf('involucrados'), 'realmente ')
    text.insert(0, 'Nota: ')
    await waitUntil(() => server.registry.get(P)!.doc.getXmlFragment('text:summary').toString().includes('Fin.'), 'the edits at the server')
    const threads = async () => (await (await as(server, viewer, `/api/programmes/${P}/threads`)).json()).threads
    expect((await threads()).find((t: { id: string }) => t.id === thread.id).anchor).toMatchObject({ currentText: 'no están realmente involucrados', detached: false })

    const start = text.toString().indexOf('no están')
    text.delete(start, 'no están realmente involucrados'.length)
    await waitUntil(() => !server.registry.get(P)!.doc.getXmlFragment('text:summary').toString().includes('involucrados'), 'the deletion at the server')
    expect((await threads()).find((t: { id: string }) => t.id === thread.id).anchor).toMatchObject({ quote: span, currentText: '', detached: true })
  })

  it('replies, edits and deletes own comments, mentions members, resolves and reopens; viewers cannot comment', async () => {
    const opened = await (await as(server, coordinator, `/api/programmes/${P}/threads`, jsonBody({ anchor: { kind: 'field', field: 'budget.total' }, body: '¿Total definitivo?', mentions: [evaluator.id] }))).json()
    const id = opened.thread.id
    expect((await as(server, viewer, `/api/programmes/${P}/threads/${id}/comments`, jsonBody({ body: 'yo también' }))).status).toBe(403)
    expect((await as(server, coordinator, `/api/programmes/${P}/threads/${id}/comments`, jsonBody({ body: 'x', mentions: [outsider.id] }))).status).toBe(422)
    const reply = await (await as(server, evaluator, `/api/programmes/${P}/threads/${id}/comments`, jsonBody({ body: 'Sí, confirmado.' }))).json()
    const commentPath = `/api/programmes/${P}/threads/${id}/comments/${reply.comment.id}`
    expect((await as(server, coordinator, commentPath, jsonBody({ body: 'cambiado' }, 'PATCH'))).status).toBe(403)
    expect((await as(server, evaluator, commentPath, jsonBody({ body: 'Sí, confirmado por el PNUD.' }, 'PATCH'))).status).toBe(200)
    expect((await (await as(server, evaluator, '/api/me/threads')).json()).threads.map((t: { id: string }) => t.id)).toContain(id)
    expect((await as(server, evaluator, `/api/programmes/${P}/threads/${id}/resolve`, jsonBody({}))).status).toBe(200)
    expect((await (await as(server, evaluator, '/api/me/threads')).json()).threads.map((t: { id: string }) => t.id)).not.toContain(id)
    await as(server, coordinator, `/api/programmes/${P}/threads/${id}/reopen`, jsonBody({}))
    expect((await as(server, evaluator, commentPath, { method: 'DELETE' })).status).toBe(200)
    const thread = (await (await as(server, viewer, `/api/programmes/${P}/threads`)).json()).threads.find((t: { id: string }) => t.id === id)
    expect(thread).toMatchObject({ resolved: false, anchor: { kind: 'field', field: 'budget.total' } })
    expect(thread.comments.map((c: { body: string; deleted: boolean; mentions: string[] }) => [c.body, c.deleted, c.mentions])).toEqual([
      ['¿Total definitivo?', false, [evaluator.id]],
      ['', true, []],
    ])
    expect((await as(server, coordinator, `/api/programmes/${P}/threads`, jsonBody({ anchor: { kind: 'field', field: 'budget.nonsense' }, body: 'x' }))).status).toBe(422)
  })

  it('delivers a new comment live to another member within a second (server-sent events)', async () => {
    // openEvents checks the answer is an event stream (200, text/event-stream) and waits for its `ready`.
    const stream = await openEvents(`${server.url}/api/programmes/${P}/events`, { authorization: `Bearer ${viewer.token}` })
    const sent = Date.now()
    const opened = await (await as(server, evaluator, `/api/programmes/${P}/threads`, jsonBody({ anchor: { kind: 'field', field: 'dates.start' }, body: 'live' }))).json()
    await waitUntil(() => stream.received.includes(opened.thread.id), 'the event', 1000)
    expect(Date.now() - sent).toBeLessThan(1000)
    expect(stream.received).toMatch(/event: change\ndata: \{"kind":"thread","id":"[^"]+","op":"created"\}/)
    stream.close()
    expect((await as(server, outsider, `/api/programmes/${P}/events`)).status).toBe(404)
  })
})
