/**
 * Interface strings of the sheet editor. Field, list and section labels are not here: they come
 * from the schema (`label[lang]`), so they are written once.
 */
import type { Catalog } from './translate.js'
import { translator } from './translate.js'

type Key =
  | 'editor.label' | 'toc.label' | 'section.empty'
  | 'list.add' | 'list.remove' | 'list.empty' | 'list.row' | 'list.actions' | 'list.removed' | 'list.undoRemove'
  | 'results.number' | 'results.empty' | 'achievements.of'
  | 'toolbar.label' | 'toolbar.bold' | 'toolbar.italic' | 'toolbar.bulletList' | 'toolbar.orderedList'
  | 'toolbar.link' | 'toolbar.undo' | 'toolbar.redo'
  | 'link.prompt' | 'link.invalid'
  | 'choice.none' | 'yesno.yes' | 'yesno.no' | 'choice.unknown'
  | 'replaced.notice' | 'replaced.someone' | 'replaced.restore' | 'replaced.keep'
  | 'hint.date' | 'hint.month' | 'hint.period' | 'hint.agency'
  | 'finance.percent' | 'finance.cell'
  | 'chart.title' | 'chart.desc' | 'chart.axisX' | 'chart.axisY' | 'chart.empty' | 'chart.point'
  | 'presence.in' | 'warning.label'
  | 'comment.selection' | 'comment.field' | 'comment.fieldCount' | 'comment.shortcut' | 'toc.threads'
  | 'finance.locked' | 'finance.unlock' | 'finance.unlockShort' | 'finance.unlockReason' | 'finance.unlockFailed'

export const SHEET_MESSAGES: Catalog<Key> = {
  es: {
    'editor.label': 'Ficha del programa',
    'toc.label': 'Secciones de la ficha',
    'section.empty': 'Sin contenido.',
    'list.add': 'Añadir fila: {list}',
    'list.remove': 'Quitar la fila {n} de {list}',
    'list.empty': 'Todavía no hay filas.',
    'list.row': 'Fila {n}',
    'list.actions': 'Acciones',
    'list.removed': 'Fila {n} quitada.',
    'list.undoRemove': 'Deshacer',
    'results.number': 'Resultado {n}',
    'results.empty': 'Todavía no hay resultados esperados.',
    'achievements.of': 'Logros del resultado {n}',
    'toolbar.label': 'Formato: {label}',
    'toolbar.bold': 'Negrita (Ctrl+B)',
    'toolbar.italic': 'Cursiva (Ctrl+I)',
    'toolbar.bulletList': 'Lista con viñetas',
    'toolbar.orderedList': 'Lista numerada',
    'toolbar.link': 'Enlace',
    'toolbar.undo': 'Deshacer mis cambios (Ctrl+Z)',
    'toolbar.redo': 'Rehacer (Ctrl+Y)',
    'link.prompt': 'Dirección del enlace (http, https o mailto). Vacío para quitarlo:',
    'link.invalid': 'Solo se admiten direcciones http, https o mailto.',
    'choice.none': '—',
    'yesno.yes': 'Sí',
    'yesno.no': 'No',
    'replaced.notice': '{name} reemplazó su valor {mine} por {theirs}.',
    'replaced.someone': 'Otra persona',
    'replaced.restore': 'Restaurar mi valor',
    'replaced.keep': 'Mantener el nuevo',
    'choice.unknown': '{value} (no está en la lista)',
    'hint.date': 'dd/mm/aaaa',
    'hint.month': 'mm/aaaa',
    'hint.period': 'aaaa-1 o aaaa-2',
    'hint.agency': 'Agencia de la lista u otro nombre',
    'finance.percent': '{percent} del total',
    'finance.cell': '{column}, {period}',
    'chart.title': 'Ejecución financiera acumulada por periodo',
    'chart.desc': 'Transferido, comprometido y desembolsado como porcentaje del total de cada periodo. {points}',
    'chart.axisX': 'Periodo',
    'chart.axisY': '% del total',
    'chart.empty': 'El gráfico aparece cuando hay periodos con total.',
    'chart.point': '{period}: {series} {percent}',
    'presence.in': '{name} está en este campo',
    'warning.label': 'Aviso',
    'comment.selection': 'Comentar',
    'comment.field': 'Comentar: {label}',
    'comment.fieldCount': '{n} hilos abiertos en {label}',
    'comment.shortcut': 'Ctrl+Alt+M desde la casilla',
    'toc.threads': '{n} hilos de comentarios abiertos',
    'finance.locked': 'Periodo {period} cerrado por la instantánea semestral',
    'finance.unlock': 'Desbloquear {period}',
    'finance.unlockShort': 'Desbloquear',
    'finance.unlockReason': '¿Por qué se desbloquea el periodo {period}? (queda en el historial)',
    'finance.unlockFailed': 'No se pudo desbloquear: {message}',
  },
  en: {
    'editor.label': 'Programme fact sheet',
    'toc.label': 'Sheet sections',
    'section.empty': 'Nothing here yet.',
    'list.add': 'Add row: {list}',
    'list.remove': 'Remove row {n} of {list}',
    'list.empty': 'No rows yet.',
    'list.row': 'Row {n}',
    'list.actions': 'Actions',
    'list.removed': 'Row {n} removed.',
    'list.undoRemove': 'Undo',
    'results.number': 'Result {n}',
    'results.empty': 'No expected results yet.',
    'achievements.of': 'Achievements of result {n}',
    'toolbar.label': 'Formatting: {label}',
    'toolbar.bold': 'Bold (Ctrl+B)',
    'toolbar.italic': 'Italic (Ctrl+I)',
    'toolbar.bulletList': 'Bulleted list',
    'toolbar.orderedList': 'Numbered list',
    'toolbar.link': 'Link',
    'toolbar.undo': 'Undo my changes (Ctrl+Z)',
    'toolbar.redo': 'Redo (Ctrl+Y)',
    'link.prompt': 'Link address (http, https or mailto). Empty to remove it:',
    'link.invalid': 'Only http, https or mailto addresses are allowed.',
    'choice.none': '—',
    'yesno.yes': 'Yes',
    'yesno.no': 'No',
    'replaced.notice': '{name} replaced your value {mine} with {theirs}.',
    'replaced.someone': 'Someone',
    'replaced.restore': 'Restore my value',
    'replaced.keep': 'Keep the new one',
    'choice.unknown': '{value} (not in the list)',
    'hint.date': 'dd/mm/yyyy',
    'hint.month': 'mm/yyyy',
    'hint.period': 'yyyy-1 or yyyy-2',
    'hint.agency': 'Agency of the list or another name',
    'finance.percent': '{percent} of total',
    'finance.cell': '{column}, {period}',
    'chart.title': 'Cumulative financial execution per period',
    'chart.desc': 'Transferred, committed and disbursed as a percentage of each period’s total. {points}',
    'chart.axisX': 'Period',
    'chart.axisY': '% of total',
    'chart.empty': 'The chart appears once periods have a total.',
    'chart.point': '{period}: {series} {percent}',
    'presence.in': '{name} is in this field',
    'warning.label': 'Warning',
    'comment.selection': 'Comment',
    'comment.field': 'Comment on {label}',
    'comment.fieldCount': '{n} open threads on {label}',
    'comment.shortcut': 'Ctrl+Alt+M from the field',
    'toc.threads': '{n} open comment threads',
    'finance.locked': 'Period {period} closed by the semester snapshot',
    'finance.unlock': 'Unlock {period}',
    'finance.unlockShort': 'Unlock',
    'finance.unlockReason': 'Why unlock period {period}? (the audit log keeps it)',
    'finance.unlockFailed': 'Could not unlock: {message}',
  },
}

/** `t(lang, key, params)` for the sheet editor. */
export const t = translator(SHEET_MESSAGES)
