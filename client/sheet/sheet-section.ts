/**
 * One section of the paper sheet, rendered from the schema: each item gets the editor its kind
 * calls for. The only hand-made layouts are the finance table (with its chart) and the results,
 * whose statements live in the results section and achievements in the achievements section.
 */
import { html, nothing } from 'lit'
import type { TemplateResult } from 'lit'
import type { ItemDef, SectionDef } from '../../shared/sheet/definition.js'
import { sheetNarrative } from '../../shared/sheet/layout.js'
import type { FieldId, NarrativeId } from '../../shared/sheet/schema.js'
import { listDef } from '../../shared/sheet/schema.js'
import { narrativeFocusId } from './session.js'
import type { SheetSession } from './session.js'
import './finance-table.js'
import './list-table.js'
import './narrative-editor.js'
import './results-list.js'
import './value-field.js'

/** The `<section>` of a sheet section with its heading and items. */
export function renderSection(section: SectionDef, session: SheetSession): TemplateResult {
  const headingId = `section-${section.id}-title`
  const content = section.view
    ? html`<ficha-results-list .session=${session} .column=${section.view.column}></ficha-results-list>`
    : html`<div class="ficha-section__items">${section.items.map((item) => renderItem(item, section, session))}</div>`
  return html`<section id="section-${section.id}" class="ficha-section ficha-section--${section.id}" aria-labelledby=${headingId}>
    <h2 id=${headingId} class="ficha-section__title">${section.label[session.lang]}</h2>
    ${content}
  </section>`
}

function renderItem(item: ItemDef, section: SectionDef, session: SheetSession) {
  const lang = session.lang
  switch (item.kind) {
    case 'list': {
      if (item.id === 'finance') return html`<ficha-finance-table class="ficha-item--wide" .session=${session}></ficha-finance-table>`
      if (item.id === 'results') return html`<ficha-results-list class="ficha-item--wide" .session=${session} .column=${'statement'}></ficha-results-list>`
      return html`<ficha-list-table class="ficha-item--wide" .session=${session} .def=${listDef(item.id)}></ficha-list-table>`
    }
    case 'narrative': {
      // A narrative named like its section ("Resumen" under "Resumen") keeps its label for
      // assistive technology only; the section heading already says it.
      const redundant = item.label[lang] === section.label[lang]
      return html`<ficha-narrative class="ficha-item--wide" .labelHidden=${redundant}
        .session=${session} .fragment=${sheetNarrative(session.doc, item.id as NarrativeId)} .label=${item.label[lang]}
        .focusId=${narrativeFocusId(item.id)} .narrativeId=${item.id}></ficha-narrative>`
    }
    default:
      return html`<ficha-value-field class=${WIDE_FIELDS.has(item.id) ? 'ficha-item--wide' : nothing}
        .session=${session} .def=${item} .fieldId=${item.id as FieldId}></ficha-value-field>`
  }
}

// Long free text reads better across the whole width (a programme title runs to a full line).
const WIDE_FIELDS = new Set<string>(['identity.title', 'evaluation.reportUrl', 'evaluation.improvementPlanUrl'])

