/**
 * `<ficha-finance-chart>`: transferred, committed and disbursed as % of each period's total, as
 * grouped bars per period, drawn as SVG from the live figures the table computed. The three
 * shades go light to dark in the order of the chain (transferred ≥ committed ≥ disbursed), and
 * every bar carries its figure in a tooltip and the whole chart in its description.
 */
import { LitElement, html, nothing, svg } from 'lit'
import type { Lang } from '../i18n/lang.js'
import { t } from '../i18n/sheet-messages.js'
import { listDef } from '../../shared/sheet/schema.js'
import { formatPercent } from './value-format.js'

/** One period of the chart; percentages are `null` where a figure or the total is missing. */
export interface ChartPoint {
  period: string
  transferred: number | null
  committed: number | null
  disbursed: number | null
}

const SERIES = [
  { id: 'transferred', color: 'var(--ficha-chart-1, #a9c6e8)' },
  { id: 'committed', color: 'var(--ficha-chart-2, #5a8fcf)' },
  { id: 'disbursed', color: 'var(--ficha-chart-3, #1d5fa8)' },
] as const

const W = 640
const H = 260
const M = { top: 16, right: 16, bottom: 44, left: 52 }

let chartCount = 0

export class FichaFinanceChart extends LitElement {
  static override properties = {
    lang: { attribute: false },
    points: { attribute: false },
  }

  declare lang: Lang
  declare points: ChartPoint[]
  private readonly uid = `ficha-chart-${++chartCount}`

  constructor() {
    super()
    this.lang = 'es'
    this.points = []
  }

  protected override createRenderRoot() {
    return this
  }

  protected override render() {
    const lang = this.lang
    const label = (id: string) => listDef('finance')?.columns.find((c) => c.id === id)?.label[lang] ?? id
    const points = this.points.filter((p) => p.transferred !== null || p.committed !== null || p.disbursed !== null)
    if (points.length === 0) return html`<p class="ficha-chart__empty">${t(lang, 'chart.empty')}</p>`
    const top = Math.max(100, ...points.flatMap((p) => SERIES.map((s) => p[s.id] ?? 0)))
    const yMax = Math.ceil(top / 25) * 25
    const plotW = W - M.left - M.right
    const plotH = H - M.top - M.bottom
    const slot = plotW / points.length
    const barW = Math.min(22, (slot * 0.7) / SERIES.length)
    const x = (i: number) => M.left + slot * (i + 0.5)
    const y = (v: number) => M.top + plotH - (v / yMax) * plotH
    const ticks = Array.from({ length: yMax / 25 + 1 }, (_, i) => i * 25)
    const summary = points.map((p) => `${p.period}: ${SERIES.map((s) => `${label(s.id)} ${formatPercent(p[s.id], lang)}`).join(', ')}`).join('; ')
    const titleId = `${this.uid}-title`
    const descId = `${this.uid}-desc`
    return html`<figure class="ficha-chart">
      <svg viewBox="0 0 ${W} ${H}" role="img" aria-labelledby="${titleId} ${descId}" preserveAspectRatio="xMidYMid meet">
        <title id=${titleId}>${t(lang, 'chart.title')}</title>
        <desc id=${descId}>${t(lang, 'chart.desc', { points: summary })}</desc>
        ${ticks.map((v) => svg`<line class="ficha-chart__grid" x1=${M.left} x2=${W - M.right} y1=${y(v)} y2=${y(v)}></line>
          <text class="ficha-chart__tick" x=${M.left - 6} y=${y(v) + 4} text-anchor="end">${formatPercent(v, lang).replace(/[.,]00/, '')}</text>`)}
        ${points.map((p, i) => svg`<text class="ficha-chart__tick" x=${x(i)} y=${H - M.bottom + 16} text-anchor="middle">${p.period}</text>`)}
        <text class="ficha-chart__axis" x=${M.left + plotW / 2} y=${H - 6} text-anchor="middle">${t(lang, 'chart.axisX')}</text>
        <text class="ficha-chart__axis" transform="translate(14 ${M.top + plotH / 2}) rotate(-90)" text-anchor="middle">${t(lang, 'chart.axisY')}</text>
        ${points.map((p, i) => SERIES.map((s, k) => {
          const value = p[s.id]
          if (value === null) return nothing
          const left = x(i) + (k - SERIES.length / 2) * barW
          return svg`<rect class="ficha-chart__bar" data-series=${s.id} x=${left.toFixed(1)} y=${y(value).toFixed(1)}
            width=${(barW - 2).toFixed(1)} height=${Math.max(0, y(0) - y(value)).toFixed(1)} fill=${s.color}
            ><title>${`${p.period}: ${label(s.id)} ${formatPercent(value, lang)}`}</title></rect>`
        }))}
        <line class="ficha-chart__baseline" x1=${M.left} x2=${W - M.right} y1=${y(0)} y2=${y(0)}></line>
      </svg>
      <figcaption class="ficha-chart__legend">
        ${SERIES.map((s) => html`<span class="ficha-chart__key"><span class="ficha-chart__swatch" style="background:${s.color}"></span
          >${label(s.id)}</span>`)}
      </figcaption>
    </figure>`
  }
}

customElements.define('ficha-finance-chart', FichaFinanceChart)
