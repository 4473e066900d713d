/**
 * ISO 20022 pain.001.001.09 (CustomerCreditTransferInitiation): the payouts of confirmed XT withdrawals, as the
 * platform's instruction to its bank. One payment information block, one credit transfer per withdrawal; amounts
 * written from minor units exactly; the end-to-end id is what the bank's camt.054 debit quotes back.
 */
import { XMLBuilder } from 'fast-xml-parser';
import { fromMinorUnits } from '../../../common/decimalAmounts.ts';
import { accountIdXml } from './accounts.ts';

export const PAIN001_NAMESPACE = 'urn:iso:std:iso:20022:tech:xsd:pain.001.001.09';

export interface CreditTransfer {
  endToEndId: string;
  amount: bigint;
  creditorName: string;
  creditorAccount: string;
  creditorBic?: string;
  remittance: string;
}

export interface CreditTransferInitiation {
  messageId: string;
  createdAt: Date;
  /** The day the bank is asked to execute (YYYY-MM-DD). */
  executionDate: string;
  currency: string;
  initiatingParty: string;
  debtorName: string;
  debtorAccount: string;
  debtorBic?: string;
  transfers: CreditTransfer[];
}

const agent = (bic?: string) => ({ FinInstnId: bic ? { BICFI: bic } : { Othr: { Id: 'NOTPROVIDED' } } });
const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_', format: true, indentBy: '  ', suppressEmptyNode: true });

/** The pain.001 document; `NbOfTxs` and `CtrlSum` computed from the transfers. */
export function buildPain001(p: CreditTransferInitiation): string {
  const total = p.transfers.reduce((s, t) => s + t.amount, 0n);
  const count = String(p.transfers.length);
  const ctrlSum = fromMinorUnits(total, p.currency);
  const doc = {
    '?xml': { '@_version': '1.0', '@_encoding': 'UTF-8' },
    Document: {
      '@_xmlns': PAIN001_NAMESPACE,
      CstmrCdtTrfInitn: {
        GrpHdr: { MsgId: p.messageId, CreDtTm: p.createdAt.toISOString().replace(/\.\d{3}Z$/, 'Z'), NbOfTxs: count, CtrlSum: ctrlSum, InitgPty: { Nm: p.initiatingParty } },
        PmtInf: {
          PmtInfId: p.messageId,
          PmtMtd: 'TRF',
          BtchBookg: 'false',
          NbOfTxs: count,
          CtrlSum: ctrlSum,
          ReqdExctnDt: { Dt: p.executionDate },
          Dbtr: { Nm: p.debtorName },
          DbtrAcct: { Id: accountIdXml(p.debtorAccount) },
          DbtrAgt: agent(p.debtorBic),
          ChrgBr: 'SLEV',
          CdtTrfTxInf: p.transfers.map((t) => ({
            PmtId: { InstrId: t.endToEndId, EndToEndId: t.endToEndId },
            Amt: { InstdAmt: { '@_Ccy': p.currency, '#text': fromMinorUnits(t.amount, p.currency) } },
            ...(t.creditorBic ? { CdtrAgt: agent(t.creditorBic) } : {}),
            Cdtr: { Nm: t.creditorName },
            CdtrAcct: { Id: accountIdXml(t.creditorAccount) },
            RmtInf: { Ustrd: t.remittance },
          })),
        },
      },
    },
  };
  return builder.build(doc) as string;
}
