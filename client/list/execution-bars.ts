import { html, nothing, svg } from 'lit'
import type { PeriodExecution } from '../../shared/sheet/summary.js'
import { t } from '../i18n/app-messages.js'
import { localeOf, type Lang } from '../i18n/lang.js'
import { formatPercent as formatSharedPercent } from '../../shared/money.js'

const BARS = [
  { key: 'transferred', className: 'bar-1' },
  { key: 'committed', className: 'bar-2' },
  { key: 'disbursed', className: 'bar-3' },
] as const

/** `28,59 %` / `28.59%`: percentages in the interface language, as the sheet shows them. */
function formatPercent(value: number | null, lang: Lang): string {
  return formatSharedPercent(value, localeOf(lang))
}

/**
 * Three horizontal bars — transferred, committed, disbursed as % of the total in the latest
 * period — drawn on a 0–100 scale so rows compare at a glance. The SVG is one image with a
 * `<title>` giving the figures to screen readers and on hover.
 */
export function executionBars(latest: PeriodExecution | null, lang: Lang) {
  if (!latest) return html`<span class="muted">${t(lang, 'list.noFigures')}</span>`
  const description = t(lang, 'list.execution.title', {
    period: latest.period,
    transferred: formatPercent(latest.transferred, lang),
    committed: formatPercent(latest.committed, lang),
    disbursed: formatPercent(latest.disbursed, lang),
  })
  return html`<span class="execution">
    <svg class="execution-bars" viewBox="0 0 100 20" width="120" height="24" role="img" aria-label=${description} preserveAspectRatio="none">
      <title>${description}</title>
      ${BARS.map(({ key, className }, index) => {
        const value = latest[key]
        const y = index * 7
        // Figures above 100 % are reported as typed (and flagged on the sheet); the bar just stops at the edge.
        const width = value === null ? 0 : Math.max(0, Math.min(100, value))
        return svg`<rect class="track" x="0" y=${y} width="100" height="6" rx="1"></rect>
          ${width > 0 ? svg`<rect class=${className} x="0" y=${y} width=${width} height="6" rx="1"></rect>` : nothing}`
      })}
    </svg>
    <span class="execution-figure" aria-hidden="true">${formatPercent(latest.disbursed, lang)}</span>
  </span>`
}
