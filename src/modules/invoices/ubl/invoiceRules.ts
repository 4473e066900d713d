/**
 * The rules an invoice must keep to be financed, by the identifiers of the rule sets that define them: EN 16931
 * business rules (`BR-…`, `BR-CO-…`, `BR-DEC-…`) and Peppol BIS Billing 3.0 (`PEPPOL-EN16931-…`), plus the platform's
 * own financing rules (`TC-F…`), which BIS does not make because an invoice that is fine to send may still not be
 * one a funder can buy (no due date, a credit note, another currency than XT's).
 */
import { RuleViolationError } from '../../../common/errors.ts';

export const invoiceRules = {
  'PEPPOL-EN16931-R001': 'Business process (ProfileID) MUST be provided',
  'PEPPOL-EN16931-R004': 'Specification identifier (CustomizationID) MUST be the Peppol BIS Billing 3.0 one',
  'PEPPOL-EN16931-R051': 'All currencyID attributes MUST have the same value as the invoice currency code (BT-5)',
  'PEPPOL-EN16931-F001': 'A date MUST be formatted YYYY-MM-DD',
  'BR-01': 'An Invoice shall have a Specification identifier (BT-24)',
  'BR-02': 'An Invoice shall have an Invoice number (BT-1)',
  'BR-03': 'An Invoice shall have an Invoice issue date (BT-2)',
  'BR-04': 'An Invoice shall have an Invoice type code (BT-3)',
  'BR-05': 'An Invoice shall have an Invoice currency code (BT-5)',
  'BR-06': 'An Invoice shall contain the Seller name (BT-27)',
  'BR-07': 'An Invoice shall contain the Buyer name (BT-44)',
  'BR-08': 'An Invoice shall contain the Seller postal address (BG-5)',
  'BR-09': 'The Seller postal address shall contain a Seller country code (BT-40)',
  'BR-10': 'An Invoice shall contain the Buyer postal address (BG-8)',
  'BR-11': 'The Buyer postal address shall contain a Buyer country code (BT-55)',
  'BR-12': 'An Invoice shall have the Sum of Invoice line net amount (BT-106)',
  'BR-13': 'An Invoice shall have the Invoice total amount without VAT (BT-109)',
  'BR-14': 'An Invoice shall have the Invoice total amount with VAT (BT-112)',
  'BR-15': 'An Invoice shall have the Amount due for payment (BT-115)',
  'BR-16': 'An Invoice shall have at least one Invoice line (BG-25)',
  'BR-21': 'Each Invoice line shall have an Invoice line identifier (BT-126)',
  'BR-24': 'Each Invoice line shall have an Invoice line net amount (BT-131)',
  'BR-25': 'Each Invoice line shall contain the Item name (BT-153)',
  'BR-CO-10': 'Sum of Invoice line net amount (BT-106) = Σ Invoice line net amount (BT-131)',
  'BR-CO-11': 'Sum of allowances on document level (BT-107) = Σ Document level allowance amount (BT-92)',
  'BR-CO-12': 'Sum of charges on document level (BT-108) = Σ Document level charge amount (BT-99)',
  'BR-CO-13': 'Invoice total amount without VAT (BT-109) = Σ Invoice line net amount (BT-131) − Sum of allowances on document level (BT-107) + Sum of charges on document level (BT-108)',
  'BR-CO-14': 'Invoice total VAT amount (BT-110) = Σ VAT category tax amount (BT-117)',
  'BR-CO-15': 'Invoice total amount with VAT (BT-112) = Invoice total amount without VAT (BT-109) + Invoice total VAT amount (BT-110)',
  'BR-CO-16': 'Amount due for payment (BT-115) = Invoice total amount with VAT (BT-112) − Paid amount (BT-113) + Rounding amount (BT-114)',
  'BR-DEC': 'Amounts shall have at most as many decimals as the currency has (BR-DEC-01 … BR-DEC-27: two)',
  'TC-F01': 'A financed invoice needs a Payment due date (BT-9): the claim matures on it',
  'TC-F02': 'The Payment due date (BT-9) is not before the Invoice issue date (BT-2)',
  'TC-F03': 'A financed invoice is a commercial invoice (type code 380), not a credit note or a correction',
  'TC-F04': "The invoice is in the settlement currency (XT's)",
  'TC-F05': 'The Amount due for payment (BT-115) is positive',
  'TC-F06': 'The Seller is the member uploading the invoice (legal registration id BT-30, or VAT id BT-31)',
  'TC-F07': 'The Buyer is a member of the platform (legal registration id BT-47, or VAT id BT-48)',
} as const;

export type InvoiceRule = keyof typeof invoiceRules;

/**
 * An invoice refused for breaking `rule`: 422 with code `invoice_rule_violated`, the rule's identifier in `rule`
 * (and first in the message), where it broke (`path`, an element of the UBL document or a CSV row and column).
 */
export function invoiceRefused(rule: InvoiceRule, detail: string, where: { path?: string; row?: number; column?: string } = {}) {
  return new RuleViolationError('invoice_rule_violated', `${rule}: ${detail} (${invoiceRules[rule]})`, { rule, ...where });
}
