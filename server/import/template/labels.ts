/**
 * The label vocabulary of the Word fact-sheet template, in Spanish, English and French: the row
 * labels that open a section, and the bold sub-labels inside a cell that split a section into
 * fields. Phrases are written in the comparable form of `normalise` (no accents, lower case,
 * slashes without spaces).
 */
import { normalise } from './text.js'

/** A language of the template's labels. */
export type Lang = 'es' | 'en' | 'fr'

type Vocabulary<K extends string> = Record<K, Partial<Record<Lang, readonly string[]>>>

/** The sections of the template, each opened by a labelled row. */
export const SECTION_LABELS = {
  title: { es: ['titulo', 'titulo del programa', 'titulo del programa conjunto'], en: ['title', 'programme title', 'program title', 'joint programme title'], fr: ['titre', 'titre du programme', 'titre du programme conjoint'] },
  code: { es: ['codigo', 'codigo del programa'], en: ['code', 'programme code', 'program code'], fr: ['code', 'code du programme'] },
  country: { es: ['pais'], en: ['country'], fr: ['pays'] },
  window: { es: ['ventana', 'ventana tematica'], en: ['window', 'thematic window', 'thematic area'], fr: ['fenetre', 'fenetre thematique', 'volet thematique'] },
  totalBudget: { es: ['presupuesto total'], en: ['total budget'], fr: ['budget total'] },
  agencyBudgets: { es: ['presupuesto por agencia'], en: ['budget per agency', 'budget by agency'], fr: ['budget par agence'] },
  entities: { es: ['entidades gubernamentales participantes', 'entidades participantes', 'socios nacionales'], en: ['participating government entities', 'government entities', 'participating entities', 'national partners'], fr: ['entites gouvernementales participantes', 'entites participantes', 'partenaires nationaux'] },
  start: { es: ['fecha de inicio'], en: ['start date'], fr: ['date de debut'] },
  end: { es: ['fecha de fin', 'fecha de finalizacion', 'fecha de termino'], en: ['end date', 'completion date'], fr: ['date de fin', 'date de cloture'] },
  extension: { es: ['extension', 'prorroga', 'ampliacion'], en: ['extension', 'extension date', 'no-cost extension'], fr: ['prolongation', 'extension'] },
  disbursements: { es: ['desembolsos'], en: ['disbursements', 'tranches'], fr: ['decaissements', 'tranches'] },
  summary: { es: ['resumen'], en: ['summary'], fr: ['resume'] },
  results: { es: ['resultados esperados'], en: ['expected results', 'expected outcomes'], fr: ['resultats attendus'] },
  regions: { es: ['regiones de intervencion', 'regiones'], en: ['regions of intervention', 'intervention regions', 'regions'], fr: ["regions d'intervention", 'regions'] },
  mdg: { es: ['odm', 'metas odm'], en: ['mdg', 'mdgs', 'mdg targets'], fr: ['omd', 'cibles omd'] },
  contacts: {
    es: ['coordinador/a del programa', 'coordinador del programa', 'coordinadora del programa', 'ocr', 'contacto ocr'],
    en: ['programme coordinator', 'program coordinator', 'rco', 'rco contact'],
    fr: ['coordinateur/trice du programme', 'coordinateur du programme', 'coordinatrice du programme', 'bcr'],
  },
  beneficiaries: { es: ['beneficiarios a la fecha', 'beneficiarios'], en: ['beneficiaries to date', 'beneficiaries'], fr: ['beneficiaires a ce jour', 'beneficiaires'] },
  status: { es: ['estado'], en: ['status'], fr: ['etat', 'statut'] },
  finance: {
    es: ['estado de ejecucion financiera', 'ejecucion financiera'],
    en: ['financial execution', 'status of financial execution', 'financial implementation', 'financial delivery'],
    fr: ["etat d'execution financiere", 'execution financiere'],
  },
  achievements: { es: ['principales logros', 'logros'], en: ['main achievements', 'achievements'], fr: ['principales realisations', 'realisations'] },
  gender: {
    es: ['valoracion sobre la inclusion de la perspectiva de genero en el pc y sus herramientas de gestion', 'valoracion sobre la inclusion de la perspectiva de genero', 'perspectiva de genero', 'genero'],
    en: ['assessment of the inclusion of the gender perspective in the jp and its management tools', 'assessment of the inclusion of the gender perspective', 'gender perspective', 'gender'],
    fr: ["evaluation de l'integration de la perspective de genre dans le pc et ses outils de gestion", "evaluation de l'integration de la perspective de genre", 'perspective de genre', 'genre'],
  },
  observations: { es: ['observaciones'], en: ['observations', 'remarks'], fr: ['observations', 'remarques'] },
  paris: { es: ['declaracion de paris'], en: ['paris declaration'], fr: ['declaration de paris'] },
  dao: { es: ['unidos en la accion'], en: ['delivering as one'], fr: ["unis dans l'action"] },
  sustainability: { es: ['sostenibilidad'], en: ['sustainability'], fr: ['durabilite', 'viabilite'] },
  scalability: { es: ['escalabilidad e innovacion', 'escalabilidad'], en: ['scalability and innovation', 'scalability'], fr: ['reproductibilite et innovation', 'potentiel de reproduction et innovation', 'mise a l\'echelle et innovation'] },
  externalFactors: {
    es: ['factores externos/acciones de mitigacion', 'factores externos'],
    en: ['external factors/mitigation', 'external factors/mitigation actions', 'external factors'],
    fr: ["facteurs externes/mesures d'attenuation", 'facteurs externes'],
  },
  communication: { es: ['comunicacion e incidencia', 'comunicacion'], en: ['communication and advocacy', 'communication'], fr: ['communication et plaidoyer', 'communication'] },
  monitoring: { es: ['seguimiento y evaluacion'], en: ['monitoring and evaluation'], fr: ['suivi et evaluation', 'suivi-evaluation'] },
  missions: {
    es: ['misiones de seguimiento del secretariado', 'misiones de seguimiento'],
    en: ['secretariat monitoring missions', 'monitoring missions'],
    fr: ['missions de suivi du secretariat', 'missions de suivi'],
  },
  evaluation: {
    es: ['evaluacion de medio termino', 'evaluacion intermedia', 'evaluacion de mitad de periodo'],
    en: ['mid-term evaluation', 'midterm evaluation', 'mid term evaluation'],
    fr: ['evaluation a mi-parcours', 'evaluation mi-parcours'],
  },
} as const satisfies Vocabulary<string>

/** A section of the template. */
export type SectionKey = keyof typeof SECTION_LABELS

/** Bold sub-labels inside a section's cells, each naming the part it opens. */
export const SUB_LABELS = {
  'paris.leadership': { es: ['liderazgo de la/s institucion/es nacional/local', 'liderazgo de las instituciones nacionales', 'liderazgo'], en: ['national and local leadership', 'leadership of national/local institutions', 'national leadership', 'leadership'], fr: ['leadership des institutions nationales/locales', 'leadership'] },
  'paris.civilSociety': { es: ['involucramiento de la sociedad civil y ciudadania', 'involucramiento de la sociedad civil', 'sociedad civil'], en: ['civil-society and citizen involvement', 'civil society and citizen involvement', 'involvement of civil society and citizens', 'civil society involvement', 'civil society'], fr: ['implication de la societe civile et des citoyens', 'implication de la societe civile', 'societe civile'] },
  'paris.alignment': { es: ['armonizacion y alineamiento', 'alineamiento'], en: ['harmonisation and alignment', 'harmonization and alignment', 'alignment'], fr: ['harmonisation et alignement', 'alignement'] },
  'paris.accountability': { es: ['elementos innovadores en rendicion de cuentas', 'rendicion de cuentas'], en: ['innovations in accountability', 'innovative elements in accountability', 'mutual accountability', 'accountability'], fr: ['elements innovants en matiere de redevabilite', 'redevabilite', 'responsabilite mutuelle'] },
  'dao.procedures': { es: ['elementos innovadores en armonizacion de procedimientos y de gestion', 'armonizacion de procedimientos'], en: ['innovations in harmonised procedures and management', 'innovative elements in harmonised procedures and management', 'harmonised procedures', 'harmonized procedures'], fr: ["elements innovants en matiere d'harmonisation des procedures et de gestion", 'harmonisation des procedures'] },
  'dao.rcoRole': { es: ['rol de la ocr y sinergias con otros pcs', 'rol de la ocr'], en: ['role of the rco and synergies with other jps', 'role of the rco', 'rco role'], fr: ['role du bcr et synergies avec les autres pc', 'role du bcr'] },
  'dao.interagency': { es: ['coordinacion interagencial'], en: ['inter-agency coordination', 'interagency coordination'], fr: ['coordination inter-agences', 'coordination interagences'] },
  'plans.sustainability': { es: ['plan de sostenibilidad'], en: ['sustainability plan'], fr: ['plan de durabilite'] },
  'plans.communication': { es: ['plan c&i', 'plan de comunicacion'], en: ['c&a plan', 'communication and advocacy plan', 'communication plan'], fr: ['plan c&p', 'plan de communication'] },
  'missions.dates': { es: ['fechas', 'fecha'], en: ['dates', 'date'], fr: ['dates', 'date'] },
  'missions.members': { es: ['miembro/s', 'miembros', 'miembro'], en: ['member(s)', 'members', 'member'], fr: ['membre(s)', 'membres', 'membre'] },
  'evaluation.evaluator': { es: ['evaluador/a', 'evaluador', 'evaluadora'], en: ['evaluator'], fr: ['evaluateur/trice', 'evaluateur', 'evaluatrice'] },
  'evaluation.period': { es: ['periodo'], en: ['period'], fr: ['periode'] },
  'evaluation.report': { es: ['informe de evaluacion/plan de mejora', 'informe de evaluacion'], en: ['evaluation report/improvement plan', 'evaluation report'], fr: ["rapport d'evaluation/plan d'amelioration", "rapport d'evaluation"] },
  'evaluation.plan': { es: ['plan de mejora'], en: ['improvement plan'], fr: ["plan d'amelioration"] },
} as const satisfies Vocabulary<string>

/** A sub-label of a section. */
export type SubKey = keyof typeof SUB_LABELS

/** A recognised label: what it names, the language of the phrase, and the label text after it. */
export interface LabelMatch<K extends string> {
  key: K
  /** Languages whose vocabulary has the phrase (`observations` is both English and French). */
  langs: Lang[]
  /** Text of the label after the phrase, e.g. `según informe semestral de julio 2011`. */
  qualifier: string
}

/**
 * The longest phrase of `vocabulary` that `label` is, or starts with (then followed by a word
 * boundary); `exact` refuses the second. Undefined when nothing matches.
 */
export function matchLabel<K extends string>(
  label: string, vocabulary: Vocabulary<K>, options: { exact?: boolean; keys?: readonly K[] } = {},
): LabelMatch<K> | undefined {
  const text = normalise(label)
  if (text === '' || text.length > 300) return undefined
  let best: { key: K; phrase: string } | undefined
  for (const key of options.keys ?? (Object.keys(vocabulary) as K[])) {
    for (const phrases of Object.values(vocabulary[key]) as (readonly string[])[]) {
      for (const phrase of phrases) {
        if (best && phrase.length <= best.phrase.length) continue
        const exactly = text === phrase
        const prefixed = !options.exact && text.startsWith(phrase) && !/[\p{L}\p{N}]/u.test(text[phrase.length] ?? '')
        if (exactly || prefixed) best = { key, phrase }
      }
    }
  }
  if (!best) return undefined
  const found = best
  const langs = (Object.keys(vocabulary[found.key]) as Lang[])
    .filter((lang) => vocabulary[found.key][lang]?.includes(found.phrase))
  return { key: found.key, langs, qualifier: qualifierOf(label, found.phrase) }
}

/** The words of `label` after those that make up `phrase`, as written in the source. */
function qualifierOf(label: string, phrase: string): string {
  const words = label.replace(/<[^>]*>/g, ' ').replace(/\*\*/g, ' ').trim().split(/\s+/)
  for (let k = 1; k <= words.length; k++) {
    const head = normalise(words.slice(0, k).join(' '))
    if (head.length >= phrase.length) return words.slice(k).join(' ').replace(/^[:\s]+/, '').trim()
  }
  return ''
}
