/** reports' messages in English: its page and menu label. */
export const reportsEn = {
  'nav.reports': 'Regulator reports',

  'reports.title': 'Regulator reports',
  'reports.description': 'Computed from chain events alone: anyone holding the chain reproduces them byte for byte. Amounts in minor units; the columns are documented in docs/reports.md.',
  'reports.choose': 'Report',
  'reports.kind.outstanding': 'Outstanding claims',
  'reports.kind.financing': 'Financing',
  'reports.kind.collateral': 'Collateral',
  'reports.kind.overdue': 'Overdue positions',
  'reports.through': 'Through block {block} · CSV SHA-256 {sha}…',
  'reports.none': 'No rows.',
} as const;
