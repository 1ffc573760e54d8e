/** Choices of the enum fields of the sheet. */
import { option } from './definition.js'

/** The eight thematic windows of the MDG Achievement Fund. */
export const WINDOW_OPTIONS = [
  option('children-food-security-nutrition', 'Infancia, seguridad alimentaria y nutrición', 'Children, food security and nutrition'),
  option('conflict-prevention-peacebuilding', 'Prevención de conflictos y construcción de la paz', 'Conflict prevention and peacebuilding'),
  option('culture-development', 'Cultura y desarrollo', 'Culture and development'),
  option('democratic-economic-governance', 'Gobernanza económica democrática', 'Democratic economic governance'),
  option('development-private-sector', 'Desarrollo y sector privado', 'Development and the private sector'),
  option('environment-climate-change', 'Medio ambiente y cambio climático', 'Environment and climate change'),
  option('gender-equality', 'Igualdad de género y empoderamiento de la mujer', "Gender equality and women's empowerment"),
  option('youth-employment-migration', 'Juventud, empleo y migración', 'Youth, employment and migration'),
] as const

/** Language the sheet is written in. */
export const LANGUAGE_OPTIONS = [
  option('es', 'Español', 'Spanish'),
  option('en', 'Inglés', 'English'),
  option('fr', 'Francés', 'French'),
] as const

/** Overall status of the programme as judged by the Secretariat. */
export const STATUS_OPTIONS = [
  option('on-track', 'En curso según lo previsto', 'On track'),
  option('delayed', 'Retrasado', 'Delayed'),
  option('at-risk', 'En riesgo', 'At risk'),
  option('suspended', 'Suspendido', 'Suspended'),
  option('closed', 'Cerrado', 'Closed'),
] as const
