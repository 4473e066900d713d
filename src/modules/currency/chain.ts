import type { Address } from 'viem';
import { chainRead } from '../../chain/reads.ts';
import type { ModuleContext } from '../../platform/context.ts';
import { settlementToken } from './contracts.ts';

/** An account's XT balance on-chain now (SettlementToken.balanceOf): what a pre-check that moves XT needs. */
export const xtBalance = (ctx: ModuleContext, account: string) =>
  chainRead(ctx, ctx.client.readContract({ ...settlementToken(ctx), functionName: 'balanceOf', args: [account as Address] }));
