/** The bank gateway's messages (`client.bank`): camt.054 imports, pain.001 exports, bank accounts, payouts. */
import type { CommandSender } from '../../sdk/commands.ts';
import { seg, type Transport } from '../../sdk/http.ts';
import type { Accepted, CommandOptions } from '../../sdk/types.ts';
import type { BankAccount, BankMessage, BankMessageDetail, BankPayout, NotificationImport, PaymentInitiation } from './schemas.ts';

export type { BankAccount, BankMessage, BankMessageDetail, BankPayout, NotificationImport, PaymentInitiation } from './schemas.ts';

export interface BankAccountParameters {
  memberId: string;
  /** IBAN or another account number. */
  account: string;
  bic?: string;
  holderName: string;
}

export interface BankApi {
  /** Sets a member's bank account (the member itself or the operator). */
  setAccount(p: BankAccountParameters, o?: CommandOptions): Promise<BankAccount>;
  /** Imports a camt.054 notification (bank gateway): credits become XT deposits, debits mark payouts paid. */
  importNotification(xml: string, o?: CommandOptions): Promise<Accepted<Omit<NotificationImport, 'commands'>>>;
  /** Exports the payouts of confirmed withdrawals as a pain.001 (bank gateway). */
  exportWithdrawals(p?: { executionDate?: string }, o?: CommandOptions): Promise<PaymentInitiation>;
  accounts(): Promise<BankAccount[]>;
  messages(p?: { limit?: number }): Promise<BankMessage[]>;
  message(id: string): Promise<BankMessageDetail>;
  payouts(p?: { limit?: number }): Promise<BankPayout[]>;
}

export function createBankApi(t: Transport, c: CommandSender): BankApi {
  return {
    setAccount: (p, o) => c.record<BankAccount>('/v1/bank/accounts', p, o),
    importNotification: (xml, o) => c.send<Omit<NotificationImport, 'commands'>>('/v1/bank/notifications', { xml }, o),
    exportWithdrawals: (p = {}, o) => c.record<PaymentInitiation>('/v1/bank/payment-initiations', p, o),
    accounts: async () => (await t.request<{ items: BankAccount[] }>('GET', '/v1/bank/accounts')).items,
    messages: async (p = {}) => (await t.request<{ items: BankMessage[] }>('GET', '/v1/bank/messages', { query: { limit: p.limit } })).items,
    message: (id) => t.request('GET', `/v1/bank/messages/${seg(id)}`),
    payouts: async (p = {}) => (await t.request<{ items: BankPayout[] }>('GET', '/v1/bank/payouts', { query: { limit: p.limit } })).items,
  };
}
