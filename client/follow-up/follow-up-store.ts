import type { ReactiveController, ReactiveControllerHost } from 'lit'
import type * as Y from 'yjs'
import { SHEET_SECTIONS } from '../../shared/sheet/schema.js'
import type { SectionDef } from '../../shared/sheet/definition.js'
import type { ApiClient } from '../api/http.js'
import type { Access, Member } from '../members/members-api.js'
import { listMembers } from '../members/members-api.js'
import { followUpApi, programmeBase, type EvaluationJson, type ThreadAnchor, type ThreadJson, type VersionList } from './follow-up-api.js'

type Kind = 'threads' | 'evaluations' | 'versions' | 'members'

/** What the side panel shows: one thread, or a new thread being written on an anchor. */
export type ActiveThread = { threadId: string } | { draft: ThreadAnchor } | null

/**
 * Everything around one sheet that is not the sheet's document: comment threads, evaluations and
 * their follow-up, versions and locked periods, members — read through the API and kept current by
 * the programme's server-sent events (`ready` on every (re)connection re-reads all; each `change`
 * re-reads what it names). Components take it as a property and re-render on its `change` event.
 */
export class FollowUpStore extends EventTarget {
  threads: ThreadJson[] = []
  evaluations: EvaluationJson[] | null = null
  versions: VersionList | null = null
  members: Member[] = []
  access: Access | null = null
  /** Global role admin or secretariat: takes snapshots, unlocks periods, restores. */
  secretariat = false
  doc: Y.Doc | null = null
  active: ActiveThread = null
  live: 'connecting' | 'open' | 'closed' = 'closed'
  /** Bumped on every change, so a component can tell it needs a new render. */
  version = 0
  #source: EventSource | null = null
  #loading = new Map<Kind, Promise<void>>()
  #again = new Set<Kind>()
  readonly calls: ReturnType<typeof followUpApi>

  constructor(
    readonly api: ApiClient,
    readonly programmeId: string,
    readonly meId: string,
  ) {
    super()
    this.calls = followUpApi(api, programmeId)
  }

  get canComment(): boolean {
    return this.access?.comment ?? false
  }

  get lockedPeriods(): ReadonlySet<string> {
    return new Set(this.versions?.lockedPeriods ?? [])
  }

  emit(): void {
    this.version++
    this.dispatchEvent(new Event('change'))
  }

  connect(): void {
    if (this.#source) return
    this.live = 'connecting'
    const source = (this.#source = new EventSource(`${programmeBase(this.programmeId)}/events`))
    source.addEventListener('ready', () => {
      this.live = 'open'
      this.reloadAll()
    })
    source.addEventListener('change', (event) => {
      let kind = ''
      try {
        kind = String((JSON.parse((event as MessageEvent<string>).data) as { kind?: string }).kind ?? '')
      } catch {
        // An unreadable event: re-read everything rather than miss something.
      }
      if (kind === 'thread' || kind === 'comment') void this.reload('threads')
      else if (kind === 'snapshot' || kind === 'lock') void this.reload('versions')
      else if (kind === 'finding') {
        void this.reload('evaluations')
        void this.reload('threads')
      } else if (kind) void this.reload('evaluations')
      else this.reloadAll()
    })
    // EventSource reconnects by itself; `ready` on the new connection re-reads everything.
    source.addEventListener('error', () => {
      this.live = source.readyState === EventSource.CLOSED ? 'closed' : 'connecting'
      this.emit()
    })
  }

  disconnect(): void {
    this.#source?.close()
    this.#source = null
    this.live = 'closed'
  }

  reloadAll(): void {
    for (const kind of ['threads', 'evaluations', 'versions', 'members'] as const) void this.reload(kind)
  }

  /** Re-reads one kind of data; a request while one is in flight runs once more after it. */
  reload(kind: Kind): Promise<void> {
    const running = this.#loading.get(kind)
    if (running) {
      this.#again.add(kind)
      return running
    }
    const run = (async () => {
      try {
        if (kind === 'threads') this.threads = await this.calls.threads()
        else if (kind === 'evaluations') this.evaluations = await this.calls.evaluations()
        else if (kind === 'versions') this.versions = await this.calls.versions()
        else this.members = await listMembers(this.api, this.programmeId)
      } catch {
        // Offline or refused: keep what is shown; the next `ready` reads it again.
      } finally {
        this.#loading.delete(kind)
        this.emit()
        if (this.#again.delete(kind)) void this.reload(kind)
      }
    })()
    this.#loading.set(kind, run)
    return run
  }

  open(threadId: string): void {
    this.active = { threadId }
    this.emit()
  }

  compose(anchor: ThreadAnchor): void {
    this.active = { draft: anchor }
    this.emit()
  }

  close(): void {
    this.active = null
    this.emit()
  }

  threadsOn(field: string): ThreadJson[] {
    return this.threads.filter((t) => t.anchor.field === field)
  }

  /** Open threads anchored in the sheet, per section (the table of contents shows them). */
  openBySection(): Map<string, number> {
    const counts = new Map<string, number>()
    for (const thread of this.threads) {
      if (thread.resolved || !thread.anchor.field) continue
      const section = sectionOfField(thread.anchor.field)
      if (section) counts.set(section, (counts.get(section) ?? 0) + 1)
    }
    return counts
  }

  nameOf(userId: string | null): string {
    if (!userId) return ''
    return this.members.find((m) => m.userId === userId)?.name ?? this.threads.flatMap((t) => t.comments).find((c) => c.authorId === userId)?.authorName ?? ''
  }
}

/** The section of the sheet a field id lives in (`text:summary`, `budget.total`, `list:finance/<row>/total`). */
export function sectionOfField(field: string): string | null {
  let item = field
  if (field.startsWith('text:')) item = field.slice(5)
  else if (field.startsWith('list:')) {
    const [list, , column] = field.slice(5).split('/')
    if (list === 'results' && column === 'achievement') return 'achievements'
    item = list ?? ''
  }
  const section = (SHEET_SECTIONS as readonly SectionDef[]).find((s) => s.items.some((i) => i.id === item))
  return section?.id ?? null
}

/** Re-renders the host whenever the store it reads changes. */
export class StoreController implements ReactiveController {
  #store: FollowUpStore | null = null
  readonly #onChange = () => this.host.requestUpdate()

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly source: () => FollowUpStore | null | undefined,
  ) {
    host.addController(this)
  }

  hostConnected(): void {
    this.#follow()
  }

  hostUpdate(): void {
    this.#follow()
  }

  hostDisconnected(): void {
    this.#store?.removeEventListener('change', this.#onChange)
    this.#store = null
  }

  #follow(): void {
    const store = this.source() ?? null
    if (store === this.#store) return
    this.#store?.removeEventListener('change', this.#onChange)
    this.#store = store
    store?.addEventListener('change', this.#onChange)
  }
}
