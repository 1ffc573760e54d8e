import { ContextConsumer } from '@lit/context'
import { LitElement, html, nothing } from 'lit'
import type { SheetChange, SheetDiff } from '../../shared/sheet/diff.js'
import { SHEET_SECTIONS, columnDef, listDef } from '../../shared/sheet/schema.js'
import { errorText } from '../api/error-text.js'
import { sheetPath } from '../app/router.js'
import { apiContext, langContext } from '../context.js'
import { followUpApi, programmeBase, snapshotApi, type SnapshotSummary } from '../follow-up/follow-up-api.js'
import { t } from '../i18n/follow-up-messages.js'
import { localeOf, type Lang } from '../i18n/lang.js'
import { absoluteTime } from '../i18n/time.js'
import { focusLabel } from '../presence/focus-label.js'
import { versionLabel, versionPath } from './versions-panel.js'
import { richDiffView } from './rich-diff-view.js'

type Json = unknown

/** A value as the reader writes it: numbers in their locale, nothing as "(empty)". */
function shown(value: Json, lang: Lang): string {
  if (value === null || value === undefined || value === '') return t(lang, 'compare.empty')
  if (typeof value === 'number') return value.toLocaleString(localeOf(lang), { maximumFractionDigits: 2 })
  if (typeof value === 'boolean') return value ? '✓' : '✗'
  if (Array.isArray(value)) return value.map((v) => shown(v, lang)).join(', ')
  if (typeof value === 'object') {
    const record = value as Record<string, Json>
    if ('amount' in record) return shown(record['amount'], lang)
    if ('text' in record) return String(record['text'])
    return Object.values(record).filter((v) => v !== null && v !== '').map((v) => shown(v, lang)).join(' · ')
  }
  return String(value)
}

/** Finds a list row by id anywhere in a sheet rendering. */
function findRow(sheet: Json, rowId: string): Record<string, Json> | null {
  if (Array.isArray(sheet)) {
    for (const item of sheet) {
      if (item && typeof item === 'object' && (item as Record<string, Json>)['id'] === rowId) return item as Record<string, Json>
      const inner = findRow(item, rowId)
      if (inner) return inner
    }
  } else if (sheet && typeof sheet === 'object') {
    for (const value of Object.values(sheet)) {
      const inner = findRow(value, rowId)
      if (inner) return inner
    }
  }
  return null
}

/**
 * `/programmes/:id/compare?from=&to=`: what changed between two versions (`now` = the live
 * sheet): values old → new, list rows added / removed / changed / moved (financial rows named by
 * their period), narratives word by word with insertions and deletions in place; sections
 * without changes folded.
 */
export class ComparePage extends LitElement {
  static override properties = {
    programmeId: { attribute: false },
    from: { attribute: false },
    to: { attribute: false },
    diff: { state: true },
    error: { state: true },
  }
  declare programmeId: string
  declare from: string
  declare to: string
  declare diff: SheetDiff | null
  declare error: string
  #names = new Map<string, SnapshotSummary>()
  #sheets: Json[] = []
  readonly #lang = new ContextConsumer(this, { context: langContext, subscribe: true })
  readonly #api = new ContextConsumer(this, { context: apiContext })

  constructor() {
    super()
    this.diff = null
    this.error = ''
  }

  override createRenderRoot() {
    return this
  }

  override connectedCallback(): void {
    super.connectedCallback()
    void this.#load()
  }

  async #sheetOf(ref: string): Promise<Json> {
    const api = this.#api.value!
    if (ref === 'now') return (await api.get<{ sheet: Json }>(programmeBase(this.programmeId))).sheet
    return (await snapshotApi(api).read(ref)).sheet
  }

  async #load() {
    const lang = this.#lang.value ?? 'en'
    const api = this.#api.value!
    try {
      const calls = followUpApi(api, this.programmeId)
      const [diff, versions, ...sheets] = await Promise.all([calls.diff(this.from, this.to), calls.versions(), this.#sheetOf(this.to), this.#sheetOf(this.from)])
      for (const s of [...versions.semesters, ...versions.checkpoints]) this.#names.set(s.id, s)
      this.#sheets = sheets
      this.diff = diff
    } catch (error) {
      this.error = t(lang, 'compare.failed', { message: errorText(lang, error) })
    }
  }

  #name(ref: string, lang: Lang) {
    if (ref === 'now') return t(lang, 'versions.now')
    const s = this.#names.get(ref)
    return s ? `${versionLabel(s, lang)} (${absoluteTime(s.createdAt, lang, 'second')})` : ref
  }

  #rowName(list: string, rowId: string, lang: Lang, row?: Record<string, Json>): string {
    const found = row ?? this.#sheets.map((s) => findRow(s, rowId)).find(Boolean) ?? null
    if (!found) return rowId.slice(0, 8)
    if (list === 'finance' && found['period']) return String(found['period'])
    const def = listDef(list)
    const first = def?.columns.map((c) => found[c.id]).find((v) => v !== null && v !== undefined && v !== '')
    return first === undefined ? rowId.slice(0, 8) : shown(first, lang).slice(0, 60)
  }

  #change(change: SheetChange, lang: Lang) {
    switch (change.kind) {
      case 'value':
        return html`<li class="change change--value" data-change-field=${change.field}>
          <span class="change__label">${focusLabel(change.field, lang)}</span>
          <span class="diff-old" data-diff-old>${shown(change.from, lang)}</span> → <span class="diff-new" data-diff-new>${shown(change.to, lang)}</span></li>`
      case 'narrative':
        return html`<li class="change change--narrative" data-change-field=${change.field}>
          <span class="change__label">${focusLabel(change.field, lang)}</span>${richDiffView(change.blocks)}</li>`
      case 'row-added':
      case 'row-removed': {
        const def = listDef(change.list)
        return html`<li class="change change--${change.kind}" data-change-row=${change.rowId}>
          <span class="change__label">${def?.label[lang] ?? change.list}: ${t(lang, change.kind === 'row-added' ? 'compare.added' : 'compare.removed')}</span>
          <span class=${change.kind === 'row-added' ? 'diff-new' : 'diff-old'}>${def?.columns.map((c) => `${c.label[lang]}: ${shown(change.row[c.id], lang)}`).join(' · ')}</span></li>`
      }
      case 'row-moved':
        return html`<li class="change change--moved" data-change-row=${change.rowId}>
          <span class="change__label">${listDef(change.list)?.label[lang] ?? change.list} · ${this.#rowName(change.list, change.rowId, lang)}</span>
          ${t(lang, 'compare.moved', { from: change.from + 1, to: change.to + 1 })}</li>`
      case 'row-changed':
        return html`<li class="change change--row-changed" data-change-row=${change.rowId}>
          <span class="change__label">${listDef(change.list)?.label[lang] ?? change.list} · ${this.#rowName(change.list, change.rowId, lang)}</span>
          <ul class="change__cells">${change.cells.map((cell) => html`<li data-change-cell=${`list:${change.list}/${change.rowId}/${cell.column}`}>
            <span class="change__label">${columnDef(change.list, cell.column)?.label[lang] ?? cell.column}</span>
            ${cell.blocks ? richDiffView(cell.blocks) : html`<span class="diff-old" data-diff-old>${shown(cell.from, lang)}</span> → <span class="diff-new" data-diff-new>${shown(cell.to, lang)}</span>`}
          </li>`)}</ul></li>`
    }
  }

  override render() {
    const lang = this.#lang.value ?? 'en'
    const diff = this.diff
    return html`<nav class="crumbs" aria-label="breadcrumb"><a href="/">Ficha</a> › <a href=${sheetPath(this.programmeId)}>${this.programmeId}</a></nav>
      <section class="compare" data-compare aria-labelledby="ficha-compare-title">
        <h1 id="ficha-compare-title" tabindex="-1">${t(lang, 'compare.title', { from: this.#name(this.from, lang), to: this.#name(this.to, lang) })}</h1>
        <p class="version-tools">
          <a class="ficha-button" href=${sheetPath(this.programmeId)}>${t(lang, 'version.back')}</a>
          ${this.from !== 'now' ? html`<a class="ficha-button" href=${versionPath(this.programmeId, this.from)}>${t(lang, 'versions.open')}: ${this.#name(this.from, lang)}</a>` : nothing}
        </p>
        ${this.error ? html`<p class="notice error" role="alert">${this.error}</p>` : nothing}
        ${diff === null
          ? this.error ? nothing : html`<p class="muted" role="status">${t(lang, 'compare.loading')}</p>`
          : diff.sections.every((s) => !s.changed)
            ? html`<p class="notice ok">${t(lang, 'compare.noChanges')}</p>`
            : nothing}
        ${diff?.sections.map((section) => {
          const label = SHEET_SECTIONS.find((s) => s.id === section.id)?.label[lang] ?? section.id
          return html`<details class="compare-section ${section.changed ? 'compare-section--changed' : ''}" data-compare-section=${section.id} ?open=${section.changed}>
            <summary><span class="panel-title">${label}</span> <span class="muted">${section.changed ? t(lang, 'compare.changes', { n: section.changes.length }) : t(lang, 'compare.unchanged')}</span></summary>
            ${section.changed ? html`<ul class="changes">${section.changes.map((c) => this.#change(c, lang))}</ul>` : nothing}
          </details>`
        })}
      </section>`
  }
}
customElements.define('ficha-compare-page', ComparePage)
