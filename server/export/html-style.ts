/**
 * The stylesheet of the HTML export: a calm screen layout and an A4 print layout. Kept apart from
 * the markup so that html.ts reads as the structure of the sheet.
 */
export const SHEET_CSS = `
:root { --ink: #1d2430; --muted: #5b6472; --rule: #d5d9e0; --accent: #1f4e79; --warn: #8a4b00; --warn-bg: #fff3d6; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; color: var(--ink); background: #f4f5f7; font: 15px/1.5 "Source Sans 3", "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
.sheet { max-width: 56rem; margin: 2rem auto; padding: 2.5rem 3rem; background: #fff; box-shadow: 0 1px 3px rgba(0,0,0,.08); }
.kicker { margin: 0; color: var(--muted); font-size: .85rem; letter-spacing: .04em; text-transform: uppercase; }
h1 { margin: .25rem 0 1.25rem; font: 600 1.6rem/1.25 Georgia, "Times New Roman", serif; color: var(--accent); }
h2 { margin: 2rem 0 .75rem; padding-bottom: .25rem; border-bottom: 2px solid var(--accent); font-size: 1.15rem; color: var(--accent); }
h3 { margin: 1.1rem 0 .4rem; font-size: 1rem; }
h4, h5 { margin: .9rem 0 .3rem; font-size: .95rem; }
p { margin: 0 0 .6rem; }
a { color: var(--accent); }
.fields { margin: 0 0 .75rem; }
.fields > div { display: grid; grid-template-columns: minmax(10rem, 16rem) 1fr; gap: 1.25rem; padding: .15rem 0; }
.fields dt { color: var(--muted); }
.fields dd { margin: 0; }
.detail { display: block; color: var(--muted); font-size: .82em; }
.empty { color: var(--muted); }
table { width: 100%; border-collapse: collapse; margin: .25rem 0 1rem; font-variant-numeric: tabular-nums; }
caption { text-align: left; font-weight: 600; padding: .25rem 0 .4rem; }
th, td { padding: .3rem .5rem; border-bottom: 1px solid var(--rule); text-align: left; vertical-align: top; }
thead th { border-bottom: 1.5px solid var(--ink); font-weight: 600; font-size: .9em; }
tfoot td { border-top: 1.5px solid var(--ink); border-bottom: none; font-weight: 600; }
.num { text-align: right; white-space: nowrap; }
.items { margin: 0 0 .75rem; padding-left: 1.25rem; }
.narrative { margin: 0 0 .75rem; }
td.has-warning, dd.has-warning { background: var(--warn-bg); }
.warn-mark { display: inline-block; margin-left: .3rem; padding: 0 .3rem; border: 1px solid var(--warn); border-radius: 3px; color: var(--warn); font-size: .75em; font-weight: 600; text-decoration: none; white-space: nowrap; }
.warn-notes { margin: -.5rem 0 1rem; padding: 0; list-style: none; color: var(--warn); font-size: .88em; }
.warn-notes li::before { content: "⚠ "; }
.warnings-summary { margin: 0 0 1.5rem; padding: .75rem 1rem; border-left: 4px solid var(--warn); background: var(--warn-bg); }
.warnings-summary h2 { margin: 0 0 .4rem; border: none; font-size: 1rem; color: var(--warn); }
.warnings-summary ol { margin: 0; padding-left: 1.25rem; }
.identity { margin-bottom: 1.5rem; padding-bottom: .5rem; border-bottom: 1px solid var(--rule); }
footer { margin-top: 2.5rem; padding-top: .5rem; border-top: 1px solid var(--rule); color: var(--muted); font-size: .8rem; }

/* On a phone a wide table scrolls inside the page (read on a mission), never the page itself. */
@media screen and (max-width: 40rem) {
  table { display: block; overflow-x: auto; }
}

@media print {
  @page { size: A4; margin: 18mm 16mm 20mm; }
  body { background: none; font-size: 10pt; }
  .sheet { max-width: none; margin: 0; padding: 0; box-shadow: none; }
  h1 { font-size: 17pt; }
  h2 { font-size: 12.5pt; }
  /* A heading never ends a page, and a table row, a field or a warning is never split. */
  h1, h2, h3, h4, h5, caption { break-after: avoid; page-break-after: avoid; }
  tr, .fields > div, .warn-notes li, .warnings-summary li { break-inside: avoid; page-break-inside: avoid; }
  thead { display: table-header-group; }
  tfoot { display: table-row-group; }
  p { orphans: 3; widows: 3; }
  a { color: inherit; text-decoration: none; }
  td.has-warning, dd.has-warning, .warnings-summary { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
`
