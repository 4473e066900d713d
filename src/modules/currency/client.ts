/** XT, the settlement currency: deposits, withdrawals, transfers, pause, balances, movements (`client.xt`). */
import type { CommandSender } from '../../sdk/commands.ts';
import { seg, type Transport } from '../../sdk/http.ts';
import type { Accepted, CommandOptions } from '../../sdk/types.ts';
import type { XtBalance, XtBalances, XtMovement } from './schemas.ts';

export type { XtBalance, XtBalances, XtMovement } from './schemas.ts';

export interface DepositParameters {
  /** Who is credited. */
  memberId: string;
  /** Minor units, at least "1". */
  amount: string;
  /** Bank reference of the fiat deposit; each credits once. */
  reference: string;
}

export interface WithdrawParameters {
  amount: string;
  /** Bank reference of the fiat payout; each is used once. */
  reference: string;
}

export type ReferenceResult = Accepted<{ referenceHash: string }>;

export interface XtTransferParameters {
  toMemberId: string;
  amount: string;
}

export interface MovementsParameters {
  /** Whose movements (default: yours; everyone's for operator, regulator, bank gateways). */
  memberId?: string;
  limit?: number;
}

export interface XtApi {
  /** Credits XT against a fiat deposit (bank gateway). */
  deposit(p: DepositParameters, o?: CommandOptions): Promise<ReferenceResult>;
  /** Burns your XT for a fiat payout. */
  withdraw(p: WithdrawParameters, o?: CommandOptions): Promise<ReferenceResult>;
  /** Transfers XT to another certified member. */
  transfer(p: XtTransferParameters, o?: CommandOptions): Promise<Accepted>;
  /** Pauses every XT movement (operator). */
  pause(o?: CommandOptions): Promise<Accepted>;
  /** Resumes XT movements (operator). */
  unpause(o?: CommandOptions): Promise<Accepted>;
  /** Balances (your own; all for operator, regulator and bank gateways), the supply and whether XT is paused. */
  balances(): Promise<XtBalances>;
  /** One member's balance. */
  balance(memberId: string): Promise<XtBalance>;
  /** Deposits, withdrawals and transfers, newest first. */
  movements(p?: MovementsParameters): Promise<XtMovement[]>;
}

export function createXtApi(t: Transport, c: CommandSender): XtApi {
  return {
    deposit: (p, o) => c.send<{ referenceHash: string }>('/v1/xt/deposits', p, o),
    withdraw: (p, o) => c.send<{ referenceHash: string }>('/v1/xt/withdrawals', p, o),
    transfer: (p, o) => c.send('/v1/xt/transfers', p, o),
    pause: (o) => c.send('/v1/xt/pause', {}, o),
    unpause: (o) => c.send('/v1/xt/unpause', {}, o),
    balances: () => t.request('GET', '/v1/xt/balances'),
    balance: (memberId) => t.request('GET', `/v1/xt/balances/${seg(memberId)}`),
    movements: async (p = {}) => (await t.request<{ items: XtMovement[] }>('GET', '/v1/xt/movements', { query: { memberId: p.memberId, limit: p.limit } })).items,
  };
}
