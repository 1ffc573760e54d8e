/**
 * `<ficha-narrative>`: a labelled rich-text editor (ProseMirror) bound to one `Y.XmlFragment`,
 * with a small formatting toolbar. One fragment must be bound to one editor at a time: the sheet
 * renders each narrative in exactly one place.
 */
import { COMMENT_ICON } from '../follow-up/icons.js'
import { LitElement, html, nothing, svg } from 'lit'
import type { PropertyValues } from 'lit'
import { EditorState } from 'prosemirror-state'
import type { Command, Transaction } from 'prosemirror-state'
import { EditorView } from 'prosemirror-view'
import type * as Y from 'yjs'
import { richTextSchema as schema } from '../../shared/richtext/schema.js'
import { t } from '../i18n/sheet-messages.js'
import { commands, linkAt, listAround, markActive, narrativePlugins, setLink } from './narrative-commands.js'
import { THREADS_CHANGED, anchorOfSelection, threadHighlights } from '../follow-up/thread-highlights.js'
import type { FollowUpStore } from '../follow-up/follow-up-store.js'
import { domId } from './session.js'
import type { SheetSession } from './session.js'
import './focus-markers.js'

interface ToolbarState {
  bold: boolean
  italic: boolean
  bulletList: boolean
  orderedList: boolean
  link: boolean
}

const LINK_ICON = svg`<svg width="14" height="14" viewBox="0 0 16 16" aria-hidden="true" fill="none" stroke="currentColor" stroke-width="1.6"
  stroke-linecap="round"><path d="M6.5 9.5l3-3"/><path d="M7 4.5l1.2-1.2a2.6 2.6 0 013.7 3.7L10.7 8.2"/><path d="M9 11.5l-1.2 1.2a2.6 2.6 0 01-3.7-3.7L5.3 7.8"/></svg>`

const IDLE: ToolbarState = { bold: false, italic: false, bulletList: false, orderedList: false, link: false }

export class FichaNarrative extends LitElement {
  static override properties = {
    session: { attribute: false },
    fragment: { attribute: false },
    label: { attribute: false },
    focusId: { attribute: false },
    narrativeId: { attribute: false },
    headingLevel: { attribute: false },
    labelHidden: { attribute: false },
    toolbar: { state: true },
    selected: { state: true },
  }

  declare session: SheetSession | undefined
  declare fragment: Y.XmlFragment | undefined
  declare label: string
  /** Presence id: `text:<id>` for sheet narratives, `list:results/<row>/<column>` for result cells. */
  declare focusId: string
  /** Set for sheet narratives (`data-narrative`); result cells use `data-cell` = focusId instead. */
  declare narrativeId: string | undefined
  /** The label is a heading of this level when the narrative stands for a whole sub-part. */
  declare headingLevel: 3 | 4 | undefined
  /**
   * The label is said by the section heading above ("Resumen" under "Resumen"): it is kept for
   * assistive technology only, and the toolbar carries what would sit beside it, so no empty
   * line opens above the toolbar.
   */
  declare labelHidden: boolean
  declare toolbar: ToolbarState
  /** The span of text selected in this editor (ProseMirror positions), for "Comment". */
  declare selected: { from: number; to: number } | null

  private view: EditorView | null = null
  private store: FollowUpStore | null = null
  private readonly onStore = () => {
    const view = this.view
    if (view) view.dispatch(view.state.tr.setMeta(THREADS_CHANGED, true))
  }
  private boundTo: { fragment: Y.XmlFragment; awareness: unknown } | null = null

  constructor() {
    super()
    this.label = ''
    this.labelHidden = false
    this.focusId = ''
    this.toolbar = IDLE
    this.selected = null
  }

  override connectedCallback(): void {
    super.connectedCallback()
    document.addEventListener('selectionchange', this.onSelectionChange)
  }

  /** Follows the browser's selection (read-only editors too): a non-empty span inside this editor offers "Comment". */
  private onSelectionChange = () => {
    const view = this.view
    const selection = document.getSelection()
    if (!view || !selection || selection.rangeCount === 0 || selection.isCollapsed) {
      if (this.selected && !this.contains(document.activeElement) && !(selection && !selection.isCollapsed)) this.selected = null
      else if (selection?.isCollapsed && view && view.dom.contains(selection.anchorNode)) this.selected = null
      return
    }
    const range = selection.getRangeAt(0)
    if (!view.dom.contains(range.startContainer) || !view.dom.contains(range.endContainer)) return
    try {
      const from = view.posAtDOM(range.startContainer, range.startOffset)
      const to = view.posAtDOM(range.endContainer, range.endOffset)
      this.selected = to > from ? { from, to } : null
    } catch {
      this.selected = null
    }
  }

  private commentSelection = () => {
    const view = this.view
    const store = this.session?.followUp
    const span = this.selected
    if (!view || !store || !span) return
    const anchor = anchorOfSelection(view.state, span.from, span.to)
    if (!anchor) return
    store.compose({ kind: 'text', field: this.focusId, ...anchor })
  }

  private followStore(): void {
    const store = this.session?.followUp ?? null
    if (store === this.store) return
    this.store?.removeEventListener('change', this.onStore)
    this.store = store
    store?.addEventListener('change', this.onStore)
  }

  protected override createRenderRoot() {
    return this
  }

  private get labelId(): string {
    return domId('ficha-label', this.focusId)
  }

  protected override render() {
    const session = this.session
    if (!session) return nothing
    const lang = session.lang
    const tool = (key: keyof typeof commands, text: string, icon: string, pressed?: boolean) => html`<button type="button"
      class="ficha-tool ficha-tool--${key}" aria-label=${text} title=${text} aria-pressed=${pressed === undefined ? nothing : String(pressed)}
      @mousedown=${keepSelection} @click=${() => this.run(commands[key])}>${icon}</button>`
    // Beside the toolbar when there is one, so a narrative whose label is hidden takes no extra line.
    const markers = html`<ficha-focus-markers .session=${session} .focusId=${this.focusId}></ficha-focus-markers>`
    const label = html`<span id=${this.labelId} class="ficha-field__label ficha-narrative__label ${this.labelHidden ? 'ficha-visually-hidden' : ''}"
      role=${this.headingLevel ? 'heading' : nothing} aria-level=${this.headingLevel ?? nothing}>${this.label}</span>`
    const comment = session.followUp?.canComment && this.selected ? html`<button type="button" class="ficha-comment-selection" data-comment-selection
      @mousedown=${keepSelection} @click=${this.commentSelection}>${COMMENT_ICON} ${t(lang, 'comment.selection')}</button>` : nothing
    // With the label hidden and a toolbar shown, the head's contents move into the toolbar row.
    const inToolbar = this.labelHidden && !session.readOnly
    return html`<div class="ficha-narrative" data-focus-id=${this.focusId}>
      ${inToolbar ? nothing : html`<div class="ficha-field__head">${label}${comment}${session.readOnly ? markers : nothing}</div>`}
      ${session.readOnly ? nothing : html`<div class="ficha-toolbar" role="toolbar" aria-label=${t(lang, 'toolbar.label', { label: this.label })}>
        ${inToolbar ? label : nothing}
        ${tool('bold', t(lang, 'toolbar.bold'), 'B', this.toolbar.bold)}
        ${tool('italic', t(lang, 'toolbar.italic'), 'I', this.toolbar.italic)}
        ${tool('bulletList', t(lang, 'toolbar.bulletList'), '•', this.toolbar.bulletList)}
        ${tool('orderedList', t(lang, 'toolbar.orderedList'), '1.', this.toolbar.orderedList)}
        <button type="button" class="ficha-tool" aria-label=${t(lang, 'toolbar.link')} title=${t(lang, 'toolbar.link')}
          aria-pressed=${String(this.toolbar.link)} @mousedown=${keepSelection} @click=${this.editLink}>${LINK_ICON}</button>
        ${inToolbar ? comment : nothing}
        <span class="ficha-toolbar__gap"></span>
        ${tool('undo', t(lang, 'toolbar.undo'), '↶')}
        ${tool('redo', t(lang, 'toolbar.redo'), '↷')}
        ${markers}
      </div>`}
      <div class="ficha-narrative__mount"></div>
    </div>`
  }

  protected override updated(changed: PropertyValues<this>): void {
    this.followStore()
    const session = this.session
    if (!session || !this.fragment) return this.destroyView()
    if (this.boundTo?.fragment !== this.fragment || this.boundTo.awareness !== session.awareness) {
      this.createView(session, this.fragment)
    } else if (changed.has('session') || changed.has('label')) {
      // Language or read-only changed: same document, same binding; only props move.
      this.view?.setProps({ attributes: this.editorAttributes(session) })
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback()
    document.removeEventListener('selectionchange', this.onSelectionChange)
    this.store?.removeEventListener('change', this.onStore)
    this.store = null
    this.destroyView()
  }

  private createView(session: SheetSession, fragment: Y.XmlFragment): void {
    this.destroyView()
    const mount = this.querySelector('.ficha-narrative__mount')
    if (!mount) return
    const host = this
    this.view = new EditorView(mount, {
      state: EditorState.create({
        schema,
        plugins: [
          ...narrativePlugins(fragment, session.awareness),
          threadHighlights({
            threads: () => this.session?.followUp?.threads.filter((t) => !t.resolved && t.anchor.kind === 'text' && t.anchor.field === this.focusId) ?? [],
            active: () => {
              const active = this.session?.followUp?.active
              return active && 'threadId' in active ? active.threadId : null
            },
          }),
        ],
      }),
      handleDOMEvents: {
        click: (_view, event) => {
          const mark = (event.target as Element | null)?.closest?.('[data-thread-highlight]')
          const id = mark?.getAttribute('data-thread-highlight')
          if (id) this.session?.followUp?.open(id)
          return false
        },
      },
      editable: () => !this.session?.readOnly,
      attributes: this.editorAttributes(session),
      // ProseMirror calls this with the view as `this`, already while constructing it: y-prosemirror
      // fills the editor from the fragment before `new EditorView` returns and `this.view` is set.
      dispatchTransaction(this: EditorView, tr: Transaction) {
        host.dispatch(this, tr)
      },
    })
    this.boundTo = { fragment, awareness: session.awareness }
  }

  private editorAttributes(session: SheetSession): Record<string, string> {
    const attrs: Record<string, string> = {
      class: 'ficha-narrative__editor',
      role: 'textbox',
      'aria-multiline': 'true',
      'aria-labelledby': this.labelId,
      'aria-readonly': String(session.readOnly),
      spellcheck: 'true',
    }
    if (this.narrativeId) attrs['data-narrative'] = this.narrativeId
    else attrs['data-cell'] = this.focusId
    return attrs
  }

  private dispatch(view: EditorView, tr: Transaction): void {
    // y-prosemirror dispatches its deferred metas (a timeout) even to a view destroyed meanwhile
    // (the page was left): nothing to update then.
    if (view.isDestroyed) return
    view.updateState(view.state.apply(tr))
    const state = view.state
    const list = listAround(state)
    const next: ToolbarState = {
      bold: markActive(state, schema.marks.strong),
      italic: markActive(state, schema.marks.em),
      bulletList: list === schema.nodes.bullet_list,
      orderedList: list === schema.nodes.ordered_list,
      link: markActive(state, schema.marks.link),
    }
    // Only re-render the toolbar when a button's state really changed (remote edits dispatch too).
    if ((Object.keys(next) as (keyof ToolbarState)[]).some((k) => next[k] !== this.toolbar[k])) this.toolbar = next
  }

  private run(command: Command): void {
    const view = this.view
    if (!view || this.session?.readOnly) return
    command(view.state, view.dispatch, view)
    view.focus()
  }

  private editLink = () => {
    const view = this.view
    const session = this.session
    if (!view || !session || session.readOnly) return
    const answer = window.prompt(t(session.lang, 'link.prompt'), linkAt(view.state) ?? 'https://')
    if (answer === null) return view.focus()
    const value = answer.trim() === 'https://' ? '' : answer
    if (!setLink(value)(view.state, view.dispatch, view)) window.alert(t(session.lang, 'link.invalid'))
    view.focus()
  }

  private destroyView(): void {
    this.view?.destroy()
    this.view = null
    this.boundTo = null
  }
}

/** Toolbar buttons must not take the selection away from the editor when pressed with the mouse. */
function keepSelection(event: MouseEvent): void {
  event.preventDefault()
}

customElements.define('ficha-narrative', FichaNarrative)
