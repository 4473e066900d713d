/** invoices' messages in English: its page (e-invoices) and menu label. */
export const invoicesEn = {
  'nav.invoices': 'E-invoices',

  'invoices.title': 'E-invoices',
  'invoices.description': 'Upload an invoice you issued in UBL 2.1 (Peppol BIS Billing 3.0), or a CSV batch: it is checked against the rules that matter for financing and submitted as a trade, nothing retyped.',
  'invoices.upload': 'Upload an invoice',
  'invoices.consortium': 'Consortium',
  'invoices.file': 'UBL invoice (.xml) or CSV batch (.csv)',
  'invoices.fileHint': 'A refused invoice names the rule it breaks (e.g. BR-CO-15: totals that do not add up).',
  'invoices.submit': 'Submit as trade',
  'invoices.submitted': 'Submitted to the buyer for confirmation.',
  'invoices.noConsortium': 'Join a consortium first: its core enterprise confirms the trade.',
  'invoices.list': 'Invoices',
  'invoices.none': 'No invoice yet.',
  'invoices.number': 'Invoice',
  'invoices.issued': 'Issued',
  'invoices.due': 'Due',
  'invoices.payable': 'Amount due',
  'invoices.source': 'Format',
  'invoices.at': 'Uploaded',
} as const;
