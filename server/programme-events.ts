import { EventEmitter } from 'node:events'

/** What changed in a programme's evaluation, discussion or versions: clients re-read what the event names. */
export interface ProgrammeEvent {
  kind: 'evaluation' | 'finding' | 'response' | 'action' | 'thread' | 'comment' | 'snapshot' | 'lock'
  id: string
  op: 'created' | 'updated' | 'deleted'
  /** The thread of a comment, the finding of a response or action. */
  parentId?: string
}

/**
 * The in-process bus of programme events, served to browsers as server-sent events. Events
 * carry only ids and kinds: content is fetched through the routes, which check access.
 */
export class ProgrammeEvents {
  private readonly emitter = new EventEmitter().setMaxListeners(0)
  /** Told of each event published here, to pass it to the other server processes (cluster/notices.ts). */
  relay: ((programmeId: string, event: ProgrammeEvent) => void) | null = null

  /** An event of this process: to its subscribers, and to the other processes'. */
  publish(programmeId: string, event: ProgrammeEvent): void {
    this.emitter.emit(programmeId, event)
    this.relay?.(programmeId, event)
  }

  /** An event another process published: to this process's subscribers only. */
  deliver(programmeId: string, event: ProgrammeEvent): void {
    this.emitter.emit(programmeId, event)
  }

  /** Calls `listener` for every event of a programme until the returned function is called. */
  subscribe(programmeId: string, listener: (event: ProgrammeEvent) => void): () => void {
    this.emitter.on(programmeId, listener)
    return () => this.emitter.off(programmeId, listener)
  }

  listenerCount(programmeId: string): number {
    return this.emitter.listenerCount(programmeId)
  }
}
