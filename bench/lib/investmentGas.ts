import { keccak256, toHex, type Address, type Hex } from 'viem';
import { contractSuite } from '../../src/platform/modules.ts';
import type { BenchChain, Wallet } from './chain.ts';

const ledgerAbi = contractSuite.abi('ClaimLedger');
const receivablesAbi = contractSuite.abi('Receivables');
const xtAbi = contractSuite.abi('SettlementToken');
const listingsAbi = contractSuite.abi('P2PListings');
const poolsAbi = contractSuite.abi('TranchedPools');
const ZERO32 = `0x${'0'.repeat(64)}` as Hex;
const FUNDER = 8n;
const DAY = 86_400;

export interface InvestmentGas {
  /** P2PListings.fund: an investor funds part of an open listing (investment claims minted to it). */
  p2pFund: number;
  /** TranchedPools.requestDeposit: a first deposit request into a tranche. */
  poolDeposit: number;
  /** (closeEpoch + every investor's claim) / investors, for each investor count. */
  epochClosePerInvestor: Record<number, number>;
  /** closeEpoch of a pool whose three tranches hold value, with no request and no asset, / 3: the waterfall per tranche. */
  waterfallPerTranche: number;
}

export interface InvestmentGasParameters {
  chain: BenchChain;
  operator: Wallet;
  core: Wallet;
  supplier: Wallet;
  /** A certified funder in the consortium holding XT: the pools' sponsor. */
  sponsor: Wallet;
  bank: Wallet;
  consortiumId: Hex;
  addresses: { ledger: Address; xt: Address; receivables: Address; listings: Address; pools: Address };
  progress: (step: string, detail?: string) => void;
}

/**
 * Gas of the investment operations on the bench's suite. Investors are onboarded in bulk (register, certify as
 * FUNDER, invite, accept, XT deposit); each figure is the gasUsed of receipts, every transaction on its own.
 */
export async function measureInvestmentGas(p: InvestmentGasParameters, investorCounts: number[]): Promise<InvestmentGas> {
  const { chain, operator, core, supplier, sponsor, bank, consortiumId, addresses: a, progress } = p;
  const g = (r: { gasUsed: bigint }) => Number(r.gasUsed);
  const total = Math.max(4, ...investorCounts);
  const { gasLimit } = await chain.client.getBlock({ blockTag: 'latest' });
  await chain.rpc('anvil_setBlockGasLimit', [toHex(1_000_000_000n)]);
  try {
    const investors = await chain.wallets('investors', total);
    const phase = async (label: string, txs: Promise<Hex>[]) => chain.bulk(`investors: ${label}`, await Promise.all(txs));
    await phase('register', investors.map((w) => chain.sign(operator, a.ledger, ledgerAbi, 'register', [w.address, keccak256(toHex(`bench:investor:${w.address}`)), ZERO32])));
    await phase('certify', investors.map((w) => chain.sign(operator, a.ledger, ledgerAbi, 'certify', [w.address, FUNDER])));
    await phase('invite', investors.map((w) => chain.sign(core, a.ledger, ledgerAbi, 'invite', [consortiumId, w.address])));
    await phase('accept', investors.map((w) => chain.sign(w, a.ledger, ledgerAbi, 'accept', [consortiumId])));
    await phase('deposit XT', investors.map((w) => chain.sign(bank, a.xt, xtAbi, 'deposit', [w.address, 10n ** 12n, keccak256(toHex(`bench:investor-xt:${w.address}`))])));
    progress('investment', `${total} investors onboarded`);

    // ------------------------------------------------------------------------------------------- P2P fund
    const now = await chain.now();
    const trade = {
      supplier: supplier.address, obligor: core.address, amount: 10_000_000n, dueDate: now + 90 * DAY, lateRateBps: 0, maxHops: 5, dayCount: 0,
      consortiumId, invoiceKey: keccak256(toHex('bench:invoice:listing')), documentsHash: keccak256(toHex('bench:documents:listing')),
    };
    await chain.call(core, a.receivables, receivablesAbi, 'issuePayable', [keccak256(toHex('bench:trade:listing')), trade]);
    const claimId = (await chain.client.readContract({ address: a.receivables, abi: receivablesAbi, functionName: 'claimIdFor', args: [core.address, trade.invoiceKey] })) as bigint;
    const listingId = keccak256(toHex('bench:listing'));
    await chain.call(supplier, a.listings, listingsAbi, 'list', [listingId, claimId, 10_000_000n, 9_800_000n, now + 10 * DAY]);
    const p2pFund = g(await chain.call(investors[0]!, a.listings, listingsAbi, 'fund', [listingId, 1_000_000n]));
    progress('investment', `P2PListings.fund ${p2pFund.toLocaleString('en-US')} gas`);

    // ------------------------------------------------------------------------------ pool: deposit, waterfall
    const createPool = async (label: string) => {
      const poolId = keccak256(toHex(`bench:pool:${label}`));
      const maturity = (await chain.now()) + 720 * DAY;
      await chain.call(sponsor, a.pools, poolsAbi, 'createPool', [
        poolId,
        { consortiumId, maturity, minEpochSeconds: DAY, dayCount: 0, targetYieldBps: [400, 800, 1500], quorumBps: 5000, thresholdBps: 5000, votingSeconds: 3 * DAY, minSubordinationBps: 0, minCoverBps: 0 },
        { discountRateBps: 1200, minDiscountBps: 10, maxTenorDays: 180, limitPerObligor: 10n ** 15n },
        [core.address],
      ]);
      return poolId;
    };
    const pool = await createPool('waterfall');
    const poolDeposit = g(await chain.call(investors[1]!, a.pools, poolsAbi, 'requestDeposit', [pool, 0, 3_000_000n]));
    await chain.call(investors[2]!, a.pools, poolsAbi, 'requestDeposit', [pool, 1, 2_000_000n]);
    await chain.call(investors[3]!, a.pools, poolsAbi, 'requestDeposit', [pool, 2, 1_000_000n]);
    await chain.call(sponsor, a.pools, poolsAbi, 'closeEpoch', [pool]);
    await chain.increaseTime(30 * DAY);
    const waterfallPerTranche = Math.round(g(await chain.call(sponsor, a.pools, poolsAbi, 'closeEpoch', [pool])) / 3);
    progress('investment', `requestDeposit ${poolDeposit.toLocaleString('en-US')} gas; waterfall ${waterfallPerTranche.toLocaleString('en-US')} gas per tranche`);

    // ------------------------------------------------------------------------------ epoch close per investor
    const epochClosePerInvestor: Record<number, number> = {};
    for (const n of investorCounts) {
      const poolId = await createPool(`close-${n}`);
      const group = investors.slice(0, n);
      await phase(`deposit requests (${n})`, group.map((w, i) => chain.sign(w, a.pools, poolsAbi, 'requestDeposit', [poolId, i % 3, 1_000_000n + BigInt(i)])));
      const close = g(await chain.call(sponsor, a.pools, poolsAbi, 'closeEpoch', [poolId]));
      const signed = await Promise.all(group.map((w, i) => chain.sign(w, a.pools, poolsAbi, 'claim', [poolId, i % 3, w.address])));
      await chain.bulk(`claims (${n})`, signed);
      let claims = 0;
      for (const tx of signed) claims += g(await chain.receipt(keccak256(tx)));
      epochClosePerInvestor[n] = Math.round((close + claims) / n);
      progress('investment', `epoch close with ${n} investors: close ${close.toLocaleString('en-US')} gas + claims ${claims.toLocaleString('en-US')} → ${epochClosePerInvestor[n]!.toLocaleString('en-US')} per investor`);
    }
    return { p2pFund, poolDeposit, epochClosePerInvestor, waterfallPerTranche };
  } finally {
    await chain.rpc('anvil_setBlockGasLimit', [toHex(gasLimit)]);
  }
}
