/**
 * `<ficha-value-field>`: one labelled input bound to one stored string, either a scalar field of
 * the sheet (`fieldId`) or a cell of a list row (`row` + `column`). The input is chosen by the
 * value's kind. Written on change, blur or Enter; remote changes update the input in place, and
 * never while the person is typing in it.
 */
import { COMMENT_ICON } from '../follow-up/icons.js'
import { LitElement, html, nothing } from 'lit'
import type { PropertyValues } from 'lit'
import type * as Y from 'yjs'
import { AGENCIES } from '../../shared/agencies.js'
import type { ValueDef } from '../../shared/sheet/definition.js'
import { setField, setCell, sheetFields } from '../../shared/sheet/layout.js'
import type { SheetRow } from '../../shared/sheet/layout.js'
import type { FieldId, ListId } from '../../shared/sheet/schema.js'
import { rawText } from '../../shared/sheet/values.js'
import { t } from '../i18n/sheet-messages.js'
import { cellId, domId } from './session.js'
import type { SheetSession } from './session.js'
import { displayValue, editableValue, storedValue } from './value-format.js'
import './field-warnings.js'
import './focus-markers.js'
import { StoreController } from '../follow-up/follow-up-store.js'
import { StoreController as SubscriptionController } from './controllers/store-controller.js'

const AGENCY_LIST_ID = 'ficha-agency-options'
/** The comment shortcut as aria-keyshortcuts writes it (Cmd on a Mac, read through `metaKey`). */
const COMMENT_SHORTCUT = 'Control+Alt+M'

export class FichaValueField extends LitElement {
  static override properties = {
    session: { attribute: false },
    def: { attribute: false },
    fieldId: { attribute: false },
    listId: { attribute: false },
    rowId: { attribute: false },
    row: { attribute: false },
    label: { attribute: false },
    underInput: { attribute: false },
    compact: { type: Boolean, reflect: true },
    locked: { attribute: false },
  }

  declare session: SheetSession | undefined
  declare def: ValueDef | undefined
  /** A scalar field of the sheet … */
  declare fieldId: FieldId | undefined
  /** … or a cell: the list, the row and (as `def.id`) the column. */
  declare listId: ListId | undefined
  declare rowId: string | undefined
  declare row: SheetRow | undefined
  /** Label text when the schema's label is not enough (table cells: "Transferred, 2010-2"). */
  declare label: string | undefined
  /** Shown right under the input, before the warnings (the finance table's derived percentage). */
  declare underInput: unknown
  /** In a table: the label is read by screen readers but not shown. */
  declare compact: boolean
  /** A cell of a locked financial period: shown, never written. */
  declare locked: boolean

  /** The person typed in the input since they entered it or since it was last written. */
  private typed = false
  private observed: Y.Map<unknown> | null = null
  private readonly onMapChange = (event: Y.YMapEvent<unknown>) => {
    if (event.keysChanged.has(this.key)) this.requestUpdate()
  }

  constructor() {
    super()
    this.compact = false
    this.locked = false
    new StoreController(this, () => this.session?.followUp)
    // aria-invalid follows the field's warnings, recomputed once per frame.
    new SubscriptionController(this, () => this.session?.warnings)
    new SubscriptionController(this, () => this.session?.replaced)
  }

  protected override createRenderRoot() {
    return this
  }

  /** The id presence and warnings use for this value. */
  get focusId(): string {
    return this.fieldId ?? cellId(this.listId ?? '', this.rowId ?? '', this.def?.id ?? '')
  }

  private get key(): string {
    return this.fieldId ?? this.def?.id ?? ''
  }

  private get map(): Y.Map<unknown> | null {
    if (this.fieldId) return this.session ? (sheetFields(this.session.doc) as Y.Map<unknown>) : null
    return this.row ?? null
  }

  private get stored(): string {
    return rawText(this.map?.get(this.key))
  }

  override connectedCallback(): void {
    super.connectedCallback()
    this.observe()
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback()
    this.observed?.unobserve(this.onMapChange)
    this.observed = null
  }

  protected override willUpdate(_changed: PropertyValues): void {
    this.observe()
  }

  private observe(): void {
    const map = this.isConnected ? this.map : null
    if (map === this.observed) return
    this.observed?.unobserve(this.onMapChange)
    this.observed = map
    map?.observe(this.onMapChange)
  }

  protected override render() {
    const { session, def } = this
    if (!session || !def) return nothing
    const lang = session.lang
    const inputId = domId('ficha-input', this.focusId)
    const warnId = domId('ficha-warn', this.focusId)
    return html`<div class="ficha-field ficha-field--${def.kind}" data-focus-id=${this.focusId} @keydown=${this.onShortcut}>
      <div class="ficha-field__head">
        <label for=${inputId} class=${this.compact ? 'ficha-visually-hidden' : 'ficha-field__label'}
          >${this.label ?? def.label[lang]}</label>
        <ficha-focus-markers .session=${session} .focusId=${this.focusId}></ficha-focus-markers>
        ${this.renderComment()}
      </div>
      ${this.renderControl(inputId, warnId)}${this.underInput ?? nothing}${this.renderReplaced()}
      <ficha-field-warnings id=${warnId} .session=${session} .field=${this.focusId}></ficha-field-warnings>
    </div>`
  }

  /**
   * The small "comment" button beside the field, with the count of its open threads. In a table
   * it stays out of the Tab order, so Tab goes from cell to cell; Ctrl+Alt+M (the shortcut Google
   * Docs and Word users know for a comment) opens it from the field's input.
   */
  private renderComment() {
    const store = this.session?.followUp
    if (!store || !this.def) return nothing
    const lang = this.session!.lang
    const label = this.label ?? this.def.label[lang]
    const open = store.threadsOn(this.focusId).filter((t) => !t.resolved)
    if (!store.canComment && open.length === 0) return nothing
    const title = open.length > 0 ? t(lang, 'comment.fieldCount', { n: open.length, label }) : t(lang, 'comment.field', { label })
    return html`<button type="button" class="ficha-comment-field ${open.length > 0 ? 'ficha-comment-field--open' : ''}" data-comment-field=${this.focusId}
      aria-label=${title} title=${`${title} (${t(lang, 'comment.shortcut')})`} aria-keyshortcuts=${COMMENT_SHORTCUT}
      tabindex=${this.compact ? '-1' : nothing}
      @click=${() => (open.length > 0 ? store.open(open[0]!.id) : store.compose({ kind: 'field', field: this.focusId }))}>${COMMENT_ICON}${open.length > 0 ? html` ${open.length}` : nothing}</button>`
  }

  /**
   * Someone else's edit replaced this person's value: who, with what, and their value one click
   * away (written forward as a new edit; the replaced one stays in the history either way).
   */
  private renderReplaced() {
    const session = this.session
    const replaced = session?.replaced.of(this.focusId)
    if (!session || !replaced || !this.def) return nothing
    const lang = session.lang
    const shown = (value: string | null) => (value ? displayValue(this.def!.kind, value, lang) : t(lang, 'choice.none'))
    const name = session.presence.nameOf(replaced.by) ?? t(lang, 'replaced.someone')
    const canWrite = !session.readOnly && !this.locked
    return html`<div class="ficha-replaced" role="status" data-replaced-for=${this.focusId}>
      <p>${t(lang, 'replaced.notice', { name, mine: shown(replaced.mine), theirs: shown(replaced.theirs) })}</p>
      <div class="ficha-replaced__actions">
        ${canWrite ? html`<button type="button" data-replaced-restore @click=${() => this.write(replaced.mine ?? '')}>${t(lang, 'replaced.restore')}</button>` : nothing}
        <button type="button" class="link" data-replaced-keep @click=${() => session.replaced.dismiss(this.focusId)}>${t(lang, 'replaced.keep')}</button>
      </div>
    </div>`
  }

  private onShortcut = (event: KeyboardEvent) => {
    if (!(event.ctrlKey || event.metaKey) || !event.altKey || event.code !== 'KeyM' || event.repeat) return
    const button = this.querySelector<HTMLButtonElement>('.ficha-comment-field')
    if (!button) return
    event.preventDefault()
    button.click()
  }

  private renderControl(inputId: string, warnId: string) {
    const session = this.session as SheetSession
    const def = this.def as ValueDef
    const lang = session.lang
    const stored = this.stored
    // Stored as typed and flagged: the input says so to a screen reader, the warning under it says why.
    const invalid = session.warnings.for(this.focusId).length > 0 ? 'true' : nothing
    const hooks = {
      field: this.fieldId,
      cell: this.fieldId ? undefined : this.focusId,
    }
    if (def.kind === 'enum' || def.kind === 'yesno') {
      const options = def.kind === 'yesno'
        ? [{ code: 'yes', label: t(lang, 'yesno.yes') }, { code: 'no', label: t(lang, 'yesno.no') }]
        : (def.options ?? []).map((o) => ({ code: o.code, label: o.label[lang] }))
      // A stored value outside the options stays visible (and flagged) instead of silently showing "—".
      const unknown = stored !== '' && !options.some((o) => o.code === stored)
      return html`<select id=${inputId} class="ficha-input" data-field=${hooks.field ?? nothing} data-cell=${hooks.cell ?? nothing}
        aria-describedby=${warnId} aria-invalid=${invalid} ?disabled=${session.readOnly || this.locked} @change=${this.onSelectChange}>
        <option value="" ?selected=${stored === ''}>${t(lang, 'choice.none')}</option>
        ${options.map((o) => html`<option value=${o.code} ?selected=${o.code === stored}>${o.label}</option>`)}
        ${unknown ? html`<option value=${stored} selected>${t(lang, 'choice.unknown', { value: stored })}</option>` : nothing}
      </select>`
    }
    const type = def.kind === 'email' ? 'email' : def.kind === 'url' ? 'url' : 'text'
    const inputMode = def.kind === 'money' ? 'decimal' : def.kind === 'count' ? 'numeric' : undefined
    const hint = HINTS[def.kind]
    return html`<input id=${inputId} class="ficha-input" type=${type} data-field=${hooks.field ?? nothing}
      data-cell=${hooks.cell ?? nothing} inputmode=${inputMode ?? nothing}
      placeholder=${hint ? t(lang, hint) : nothing} list=${def.kind === 'agency' ? AGENCY_LIST_ID : nothing}
      aria-describedby=${warnId} aria-invalid=${invalid} ?disabled=${session.readOnly || this.locked} autocomplete="off" spellcheck=${def.kind === 'text' ? 'true' : 'false'}
      @focus=${this.onFocus} @blur=${this.onBlur} @input=${this.onInput} @change=${this.commit} @keydown=${this.onKeydown}
    />`
  }

  protected override updated(): void {
    this.syncInput()
  }

  private get input(): HTMLInputElement | HTMLSelectElement | null {
    return this.querySelector('.ficha-input')
  }

  /** Show the stored value, unless the person is editing this input: their text wins until they leave. */
  private syncInput(): void {
    const input = this.input
    const session = this.session
    if (!input || !session || !this.def) return
    if (input instanceof HTMLSelectElement) {
      if (input.value !== this.stored) input.value = this.stored
      return
    }
    // In the input, the person's own typing wins until they leave it; untouched, it follows the
    // document (someone else's edit, a restore), so leaving it never writes back a stale value.
    const focused = document.activeElement === input
    if (focused && this.typed) return
    const shown = focused ? editableValue(this.def.kind, this.stored, session.lang) : displayValue(this.def.kind, this.stored, session.lang)
    if (input.value !== shown) input.value = shown
  }

  private onFocus = () => {
    const input = this.input
    this.typed = false
    if (!input || !this.session || !this.def) return
    input.value = editableValue(this.def.kind, this.stored, this.session.lang)
    if (input instanceof HTMLInputElement) input.select()
  }

  private onInput = () => {
    this.typed = true
  }

  private onBlur = () => {
    this.commit()
    this.syncInput()
  }

  private onKeydown = (event: KeyboardEvent) => {
    if (event.key === 'Enter') {
      event.preventDefault()
      this.commit()
    } else if (event.key === 'Escape' && this.input && this.session && this.def) {
      // Back to what is stored, without writing.
      this.typed = false
      this.input.value = editableValue(this.def.kind, this.stored, this.session.lang)
    }
  }

  private onSelectChange = () => this.write(this.input?.value ?? '')

  private commit = () => {
    const input = this.input
    const session = this.session
    if (!input || !session || !this.def || session.readOnly || this.locked || !this.typed) return
    this.typed = false
    // Leaving the field untouched must not rewrite it (e.g. a date shown as 15/12/2009).
    if (input.value === editableValue(this.def.kind, this.stored, session.lang)) return
    if (input.value === displayValue(this.def.kind, this.stored, session.lang)) return
    this.write(storedValue(this.def.kind, input.value, session.lang))
  }

  private write(value: string): void {
    const session = this.session
    if (!session || session.readOnly || this.locked) return
    if (this.fieldId) setField(session.doc, this.fieldId, value)
    else if (this.listId && this.rowId && this.def) {
      setCell(session.doc, this.listId, this.rowId, this.def.id as never, value)
    }
  }
}

const HINTS: Partial<Record<ValueDef['kind'], Parameters<typeof t>[1]>> = {
  date: 'hint.date',
  month: 'hint.month',
  period: 'hint.period',
  agency: 'hint.agency',
}

/** The agency suggestions, rendered once by the editor; every agency input points at it by id. */
export function agencyDatalist(lang: 'es' | 'en') {
  return html`<datalist id=${AGENCY_LIST_ID}>${AGENCIES.map((a) => html`<option value=${a.code}>${a.name[lang]}</option>`)}</datalist>`
}

customElements.define('ficha-value-field', FichaValueField)
