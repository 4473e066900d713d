/** documents' messages in English: its page and menu label. */
export const documentsEn = {
  'nav.documents': 'Documents',

  'documents.title': 'Private documents',
  'documents.description': 'Invoices, contracts, warehouse receipts and lease contracts are stored encrypted, each with its own key, wrapped for the parties and the regulator; the owner grants and revokes access on-chain, and every read is logged. Open one with your private document key: tierchain documents open <id> --private-key <file>.',
  'documents.list': 'Documents you can read',
  'documents.none': 'No document yet.',
  'documents.name': 'Name',
  'documents.kind': 'Kind',
  'documents.size': 'Bytes',
  'documents.at': 'Stored',
  'documents.kind.invoice': 'Invoice',
  'documents.kind.contract': 'Contract',
  'documents.kind.warehouse_receipt': 'Warehouse receipt',
  'documents.kind.lease_contract': 'Lease contract',
  'documents.kind.other': 'Other',
} as const;
