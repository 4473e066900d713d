/**
 * ISO 20022 camt.054 (BankToCustomerDebitCreditNotification), versions 001.02 to 001.08 and later: the bank's
 * notification of entries booked on the platform's account. Read with the XML parser (src/common/xml.ts) into
 * entries with exact amounts; anything the gateway cannot book unambiguously is refused with a named error.
 */
import { AmountError, toMinorUnits } from '../../../common/decimalAmounts.ts';
import { XmlMalformedError, at, attribute, children, parseXml, text, textAt, type XmlNode } from '../../../common/xml.ts';
import { duplicateMessage, refuseMessage } from './errors.ts';

export const CAMT054_NAMESPACE = /^urn:iso:std:iso:20022:tech:xsd:camt\.054\.001\.(\d{2})$/;

/** One transaction of a booked entry (an entry batches one or more). */
export interface NotifiedTransaction {
  /** `Refs/EndToEndId` (the payer's reference; a payout's end-to-end id on a debit). */
  endToEndId?: string;
  amount: bigint;
  /** The other side's account: the debtor's on a credit, the creditor's on a debit. */
  counterpartyIban?: string;
  counterpartyName?: string;
  remittance?: string;
}

export interface NotifiedEntry {
  /** `AcctSvcrRef` of the entry (the bank's own, unique), else `NtryRef`. */
  entryRef: string;
  direction: 'credit' | 'debit';
  amount: bigint;
  currency: string;
  /** `BookgDt` (date or date-time, as the bank wrote it). */
  bookingDate?: string;
  transactions: NotifiedTransaction[];
}

export interface DebitCreditNotification {
  messageId: string;
  createdAt: string;
  /** Schema version, e.g. `08`. */
  version: string;
  /** IBAN (or other id) of the account the notifications are about. */
  accounts: string[];
  entries: NotifiedEntry[];
  /** Entries that are not booked (`PDNG`, `INFO`): reported, not booked. */
  notBooked: Array<{ entryRef?: string; status: string }>;
}

const accountId = (acct: XmlNode | undefined) => textAt(acct, 'Id', 'IBAN') ?? textAt(acct, 'Id', 'Othr', 'Id');
/** v02–v05 have `Dbtr/Nm`, v06 and later `Dbtr/Pty/Nm`. */
const partyName = (p: XmlNode | undefined) => textAt(p, 'Pty', 'Nm') ?? textAt(p, 'Nm');

function amountOf(node: XmlNode | undefined, path: string, currency: string | undefined): { amount: bigint; currency: string } {
  const value = text(node);
  const ccy = attribute(node, 'Ccy');
  if (!value || !ccy) throw refuseMessage('BankMessageMalformed', `${path}: an amount with its currency (Ccy) is required`, { path });
  if (currency && ccy !== currency) {
    throw refuseMessage('BankCurrencyMismatch', `${path}: amount in ${ccy}, the entry is in ${currency}`, { path, currency: ccy });
  }
  try {
    return { amount: toMinorUnits(value, ccy), currency: ccy };
  } catch (e) {
    if (e instanceof AmountError) throw refuseMessage('BankAmountInvalid', `${path}: ${e.message}`, { path, problem: e.problem, value });
    throw e;
  }
}

/** Parses a camt.054 document; throws the named refusal (BankMessageMalformed, BankMessageUnsupported, BankAmountInvalid, …). */
export function parseCamt054(xml: string): DebitCreditNotification {
  let doc;
  try {
    doc = parseXml(xml);
  } catch (e) {
    if (e instanceof XmlMalformedError) throw refuseMessage('BankMessageMalformed', `not well-formed XML: ${e.message}`, { line: e.line, column: e.column });
    throw e;
  }
  const version = CAMT054_NAMESPACE.exec(doc.namespace)?.[1];
  if (doc.rootName !== 'Document' || !version || Number(version) < 2) {
    throw refuseMessage('BankMessageUnsupported', `expected a camt.054 Document (urn:iso:std:iso:20022:tech:xsd:camt.054.001.NN), got <${doc.rootName}> in namespace "${doc.namespace}"`, {
      namespace: doc.namespace,
    });
  }
  const body = at(doc.root, 'BkToCstmrDbtCdtNtfctn');
  if (!body) throw refuseMessage('BankMessageMalformed', 'BkToCstmrDbtCdtNtfctn is missing', { path: 'BkToCstmrDbtCdtNtfctn' });
  const messageId = textAt(body, 'GrpHdr', 'MsgId');
  const createdAt = textAt(body, 'GrpHdr', 'CreDtTm');
  if (!messageId) throw refuseMessage('BankMessageMalformed', 'GrpHdr/MsgId is required', { path: 'GrpHdr/MsgId' });
  if (messageId.length > 35) throw refuseMessage('BankMessageMalformed', 'GrpHdr/MsgId is longer than 35 characters', { path: 'GrpHdr/MsgId' });
  if (!createdAt) throw refuseMessage('BankMessageMalformed', 'GrpHdr/CreDtTm is required', { path: 'GrpHdr/CreDtTm' });

  const notifications = children(body, 'Ntfctn');
  if (notifications.length === 0) throw refuseMessage('BankMessageMalformed', 'at least one Ntfctn is required', { path: 'Ntfctn' });
  const accounts: string[] = [];
  const entries: NotifiedEntry[] = [];
  const notBooked: DebitCreditNotification['notBooked'] = [];
  notifications.forEach((n, ni) => {
    const account = accountId(at(n, 'Acct'));
    if (!account) throw refuseMessage('BankMessageMalformed', `Ntfctn[${ni + 1}]/Acct/Id is required`, { path: `Ntfctn[${ni + 1}]/Acct/Id` });
    accounts.push(account);
    children(n, 'Ntry').forEach((e, ei) => {
      const path = `Ntfctn[${ni + 1}]/Ntry[${ei + 1}]`;
      const entryRef = textAt(e, 'AcctSvcrRef') ?? textAt(e, 'NtryRef');
      // v02–v05: <Sts>BOOK</Sts>; v06 and later: <Sts><Cd>BOOK</Cd></Sts>.
      const status = textAt(e, 'Sts', 'Cd') ?? textAt(e, 'Sts');
      if (!status) throw refuseMessage('BankMessageMalformed', `${path}/Sts is required`, { path: `${path}/Sts` });
      if (status !== 'BOOK') {
        notBooked.push({ entryRef, status });
        return;
      }
      if (!entryRef) throw refuseMessage('BankMessageMalformed', `${path}: a booked entry needs AcctSvcrRef or NtryRef`, { path });
      const indicator = textAt(e, 'CdtDbtInd');
      if (indicator !== 'CRDT' && indicator !== 'DBIT') {
        throw refuseMessage('BankMessageMalformed', `${path}/CdtDbtInd must be CRDT or DBIT`, { path: `${path}/CdtDbtInd`, entryRef });
      }
      if (textAt(e, 'RvslInd') === 'true') {
        throw refuseMessage('BankMessageUnsupported', `${path}: reversal entries are booked by the operator, not imported`, { path, entryRef });
      }
      const { amount, currency } = amountOf(at(e, 'Amt'), `${path}/Amt`, undefined);
      const direction = indicator === 'CRDT' ? 'credit' : 'debit';
      const details = children(e, 'NtryDtls').flatMap((d) => children(d, 'TxDtls'));
      if (details.length === 0) throw refuseMessage('BankMessageMalformed', `${path}: NtryDtls/TxDtls is required to tell whose money it is`, { path, entryRef });
      const transactions = details.map((t, ti): NotifiedTransaction => {
        const tpath = `${path}/NtryDtls/TxDtls[${ti + 1}]`;
        // A single transaction may leave its amount to the entry.
        const txAmount = at(t, 'Amt') ? amountOf(at(t, 'Amt'), `${tpath}/Amt`, currency).amount : details.length === 1 ? amount : undefined;
        if (txAmount === undefined) throw refuseMessage('BankMessageMalformed', `${tpath}/Amt is required when an entry batches transactions`, { path: tpath, entryRef });
        const txIndicator = textAt(t, 'CdtDbtInd');
        if (txIndicator && txIndicator !== indicator) {
          throw refuseMessage('BankMessageMalformed', `${tpath}/CdtDbtInd ${txIndicator} differs from the entry's ${indicator}`, { path: tpath, entryRef });
        }
        const parties = at(t, 'RltdPties');
        const side = direction === 'credit' ? 'Dbtr' : 'Cdtr';
        const endToEndId = textAt(t, 'Refs', 'EndToEndId');
        return {
          endToEndId: endToEndId === 'NOTPROVIDED' ? undefined : endToEndId,
          amount: txAmount,
          counterpartyIban: accountId(at(parties, `${side}Acct`)),
          counterpartyName: partyName(at(parties, side)),
          remittance: children(at(t, 'RmtInf'), 'Ustrd').map(text).filter(Boolean).join(' ') || undefined,
        };
      });
      const sum = transactions.reduce((s, t) => s + t.amount, 0n);
      if (sum !== amount) {
        throw refuseMessage('BankAmountMismatch', `${path}: its transactions add up to ${sum}, the entry says ${amount} (minor units)`, { path, entryRef });
      }
      entries.push({ entryRef, direction, amount, currency, bookingDate: textAt(e, 'BookgDt', 'Dt') ?? textAt(e, 'BookgDt', 'DtTm'), transactions });
    });
  });
  const refs = new Set<string>();
  for (const e of entries) {
    if (refs.has(e.entryRef)) throw duplicateMessage('BankEntryDuplicate', `entry reference ${e.entryRef} appears twice in the message`, { entryRef: e.entryRef });
    refs.add(e.entryRef);
  }
  return { messageId, createdAt, version: version!, accounts, entries, notBooked };
}
