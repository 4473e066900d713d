/**
 * The kinds of document, in the order the contract numbers them (DocumentRegistry's `kind`). Apart from
 * schemas.ts so that cli.ts can check `--kind` without loading TypeBox.
 */
export const DOCUMENT_KINDS = ['invoice', 'contract', 'warehouse_receipt', 'lease_contract', 'other'] as const;
