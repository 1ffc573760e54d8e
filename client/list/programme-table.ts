import { html, nothing } from 'lit'
import { repeat } from 'lit/directives/repeat.js'
import { formatMoney } from '../../shared/money.js'
import { sheetPath } from '../app/router.js'
import { t, type AppMessageKey } from '../i18n/app-messages.js'
import { localeOf, type Lang } from '../i18n/lang.js'
import { executionBars } from './execution-bars.js'
import { statusLabel, windowLabel, type Sort, type SortKey } from './list-query.js'
import type { ProgrammeItem } from './programmes-api.js'

const COLUMNS: { key: SortKey; label: AppMessageKey; numeric?: boolean }[] = [
  { key: 'title', label: 'list.col.title' },
  { key: 'country', label: 'list.col.country' },
  { key: 'window', label: 'list.col.window' },
  { key: 'status', label: 'list.col.status' },
  { key: 'total', label: 'list.col.total', numeric: true },
  { key: 'execution', label: 'list.col.execution' },
  { key: 'warnings', label: 'list.col.warnings', numeric: true },
]

function money(item: ProgrammeItem, lang: Lang): string {
  const summary = item.summary
  if (!summary || summary.total === null) return t(lang, 'list.none')
  // The API gives units as a JSON number; its shortest decimal string is the stored amount.
  const currency = /^[A-Z]{3}$/.test(summary.currency) ? summary.currency : undefined
  try {
    return formatMoney(String(summary.total), localeOf(lang), currency ? { currency } : {})
  } catch {
    return formatMoney(String(summary.total), localeOf(lang))
  }
}

/**
 * The portfolio table: a real `<table>` whose column headers are sort buttons (`aria-sort` on the
 * sorted one). Rows carry `data-programme="<id>"`.
 */
export function programmeTable(items: readonly ProgrammeItem[], sort: Sort, lang: Lang, onSort: (key: SortKey) => void) {
  const dates = new Intl.DateTimeFormat(localeOf(lang), { dateStyle: 'medium' })
  // The column's name in each cell, shown only where rows become cards (a phone); the header says it otherwise.
  const label = (key: SortKey) => html`<span class="cell-label" data-column-label aria-hidden="true">${t(lang, COLUMNS.find((c) => c.key === key)!.label)}</span>`
  return html`<table class="programmes">
    <caption class="visually-hidden">${t(lang, 'list.title')}</caption>
    <thead>
      <tr>
        ${COLUMNS.map(
          (column) => html`<th
            scope="col"
            class=${column.numeric ? 'numeric' : ''}
            aria-sort=${sort.key === column.key ? sort.direction : nothing}
          >
            <button type="button" class="sort" @click=${() => onSort(column.key)} title=${t(lang, 'list.sortBy', { column: t(lang, column.label) })}>
              ${t(lang, column.label)}<span class="sort-mark" aria-hidden="true">${sort.key === column.key ? (sort.direction === 'ascending' ? '▲' : '▼') : ''}</span>
            </button>
          </th>`,
        )}
      </tr>
    </thead>
    <tbody>
      ${repeat(
        items,
        (item) => item.id,
        (item) => html`<tr data-programme=${item.id}>
          <th scope="row" class="title" data-column="title">
            ${label('title')}<a href=${sheetPath(item.id)}>${item.title}</a>
            <span class="sub"><code>${item.code}</code> · <time datetime=${item.updatedAt}>${t(lang, 'list.updated', { date: dates.format(new Date(item.updatedAt)) })}</time></span>
          </th>
          <td data-column="country">${label('country')}${item.country}</td>
          <td data-column="window">${label('window')}${windowLabel(item.summary?.window, lang) || t(lang, 'list.none')}</td>
          <td data-column="status">${label('status')}${item.summary?.status ? html`<span class="status status-${item.summary.status}">${statusLabel(item.summary.status, lang)}</span>` : t(lang, 'list.none')}</td>
          <td class="numeric" data-column="total">${label('total')}${money(item, lang)}</td>
          <td data-column="execution">${label('execution')}${executionBars(item.summary?.latest ?? null, lang)}</td>
          <td class="numeric" data-column="warnings">${label('warnings')}
            ${item.summary
              ? html`<span class="badge ${item.summary.warnings > 0 ? 'warn' : ''}" title=${t(lang, 'list.warnings', { n: item.summary.warnings })}
                  >${item.summary.warnings.toLocaleString(localeOf(lang))}</span
                >`
              : t(lang, 'list.none')}
          </td>
        </tr>`,
      )}
    </tbody>
  </table>`
}
