/**
 * The controlled list of UN agencies of the fund (DOMAIN.md), with the Spanish names and aliases
 * that real sheets use. The sheet stores the code; `resolveAgency` turns what a person or an
 * imported sheet wrote into that code.
 */

/** One agency of the controlled list. */
export interface Agency {
  /** Stored code, e.g. `UNWTO`. */
  code: string
  name: { en: string; es: string }
  /** Other spellings seen in sheets (Spanish acronyms, former names); matched case-insensitively. */
  aliases: readonly string[]
}

/** Every agency the fund works with, participating agencies of the seed first. */
export const AGENCIES = [
  { code: 'FAO', name: { en: 'Food and Agriculture Organization', es: 'Organización de las Naciones Unidas para la Alimentación y la Agricultura' }, aliases: [] },
  { code: 'ILO', name: { en: 'International Labour Organization', es: 'Organización Internacional del Trabajo' }, aliases: ['OIT'] },
  { code: 'UNDP', name: { en: 'United Nations Development Programme', es: 'Programa de las Naciones Unidas para el Desarrollo' }, aliases: ['PNUD'] },
  { code: 'UNESCO', name: { en: 'United Nations Educational, Scientific and Cultural Organization', es: 'Organización de las Naciones Unidas para la Educación, la Ciencia y la Cultura' }, aliases: [] },
  { code: 'UNIDO', name: { en: 'United Nations Industrial Development Organization', es: 'Organización de las Naciones Unidas para el Desarrollo Industrial' }, aliases: ['ONUDI'] },
  // The seed writes "WTO" for the World Tourism Organization, never the World Trade Organization.
  { code: 'UNWTO', name: { en: 'World Tourism Organization', es: 'Organización Mundial del Turismo' }, aliases: ['OMT', 'WTO'] },
  { code: 'UNICEF', name: { en: "United Nations Children's Fund", es: 'Fondo de las Naciones Unidas para la Infancia' }, aliases: [] },
  { code: 'UNFPA', name: { en: 'United Nations Population Fund', es: 'Fondo de Población de las Naciones Unidas' }, aliases: [] },
  { code: 'UN-WOMEN', name: { en: 'UN Women (formerly UNIFEM)', es: 'ONU Mujeres (antes UNIFEM)' }, aliases: ['UNIFEM', 'UN WOMEN', 'UNWOMEN', 'ONU MUJERES', 'ONU-MUJERES'] },
  { code: 'WHO', name: { en: 'World Health Organization / Pan American Health Organization', es: 'Organización Mundial de la Salud / Organización Panamericana de la Salud' }, aliases: ['OMS', 'OPS', 'PAHO', 'WHO/PAHO', 'OPS/OMS', 'OMS/OPS', 'PAHO/WHO'] },
  { code: 'UNEP', name: { en: 'United Nations Environment Programme', es: 'Programa de las Naciones Unidas para el Medio Ambiente' }, aliases: ['PNUMA'] },
  { code: 'UN-HABITAT', name: { en: 'United Nations Human Settlements Programme', es: 'Programa de las Naciones Unidas para los Asentamientos Humanos' }, aliases: ['UNHABITAT', 'UN HABITAT', 'ONU-HABITAT', 'ONU HABITAT'] },
  { code: 'UNHCR', name: { en: 'Office of the United Nations High Commissioner for Refugees', es: 'Alto Comisionado de las Naciones Unidas para los Refugiados' }, aliases: ['ACNUR'] },
  { code: 'IOM', name: { en: 'International Organization for Migration', es: 'Organización Internacional para las Migraciones' }, aliases: ['OIM'] },
  { code: 'UNODC', name: { en: 'United Nations Office on Drugs and Crime', es: 'Oficina de las Naciones Unidas contra la Droga y el Delito' }, aliases: ['ONUDD'] },
  { code: 'WFP', name: { en: 'World Food Programme', es: 'Programa Mundial de Alimentos' }, aliases: ['PMA'] },
  { code: 'ITC', name: { en: 'International Trade Centre', es: 'Centro de Comercio Internacional' }, aliases: ['CCI'] },
  { code: 'UNCTAD', name: { en: 'United Nations Conference on Trade and Development', es: 'Conferencia de las Naciones Unidas sobre Comercio y Desarrollo' }, aliases: ['CNUCED'] },
  { code: 'UNV', name: { en: 'United Nations Volunteers', es: 'Voluntarios de las Naciones Unidas' }, aliases: ['VNU'] },
  { code: 'OHCHR', name: { en: 'Office of the United Nations High Commissioner for Human Rights', es: 'Oficina del Alto Comisionado de las Naciones Unidas para los Derechos Humanos' }, aliases: ['ACNUDH', 'OACNUDH'] },
] as const satisfies readonly Agency[]

/** A code of the controlled list. */
export type AgencyCode = (typeof AGENCIES)[number]['code']

// Case, accents and surrounding spaces do not distinguish agencies ("Oit", "ONUDI ").
function normalise(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').trim().replace(/\s+/g, ' ').toUpperCase()
}

const BY_NAME = new Map<string, AgencyCode>()
for (const agency of AGENCIES) {
  for (const name of [agency.code, ...agency.aliases, agency.name.en, agency.name.es]) {
    BY_NAME.set(normalise(name), agency.code)
  }
}

/** True when `value` is exactly a stored agency code. */
export function isAgencyCode(value: string): value is AgencyCode {
  return AGENCIES.some((agency) => agency.code === value)
}

/**
 * The code for an agency as written in a sheet (code, alias or full name, any case), or `null`.
 *
 * @example resolveAgency('WTO') // 'UNWTO'
 * @example resolveAgency('pnud') // 'UNDP'
 */
export function resolveAgency(text: string): AgencyCode | null {
  return BY_NAME.get(normalise(text)) ?? null
}

/** The agency of a code, or `undefined`. */
export function agencyByCode(code: string): Agency | undefined {
  return AGENCIES.find((agency) => agency.code === code)
}
