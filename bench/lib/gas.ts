import { keccak256, toHex, type Abi, type Address, type Hex } from 'viem';
import { deploySuite } from '../../src/chain/deploy.ts';
import { addressOf } from '../../src/chain/contracts.ts';
import { contractSuite } from '../../src/platform/modules.ts';
import { baselineERC1155Abi, baselineERC1155Bytecode, baselineERC20Abi, baselineERC20Bytecode, baselineERC721Abi, baselineERC721Bytecode } from '../../src/chain/generated/index.ts';
import type { BenchChain, Wallet } from './chain.ts';
import { measureInvestmentGas, type InvestmentGas } from './investmentGas.ts';

/** Role bits of contracts/libraries/MemberRoles.sol. */
const ROLE = { core: 1n, supplier: 2n, distributor: 4n, funder: 8n, verifier: 16n, bank: 64n, manufacturer: 512n } as const;
const ZERO32 = `0x${'0'.repeat(64)}` as Hex;
const DAY = 86_400;

const ledgerAbi = contractSuite.abi('ClaimLedger');
const receivablesAbi = contractSuite.abi('Receivables');
const marketAbi = contractSuite.abi('ClaimMarket');
const xtAbi = contractSuite.abi('SettlementToken');
const goodsAbi = contractSuite.abi('GoodsToken');
const vaultAbi = contractSuite.abi('CollateralVault');

export interface GasFigures {
  deploySuite: number;
  /** Gas of each deployed contract, and `configure` for the configuration calls after. */
  perContract: Record<string, number>;
  issue: number;
  submitTrade: number;
  confirmTrade: number;
  splitTransfer: number;
  splitTransferToExistingHolder: number;
  modify: number;
  financeSwap: number;
  settlePerHolder: number | null;
  settlePerHolderAt10: number | null;
  settlePerHolderAt1000: number | null;
  baselineErc1155Transfer: number;
  baselineErc1155TransferToExistingHolder: number;
  baselineErc20Transfer: number;
  baselineErc20TransferToExistingHolder: number;
  /** GoodsToken.register: a verifier tokenises one lot (receipt and lot kept unique, valued, minted to its owner). */
  registerGoods: number;
  /** CollateralVault.lockGoods with a first draw: the goods locked, the line fixed, an inventory CT issued on the ledger. */
  lockAndDraw: number;
  /** CollateralVault.bid on a defaulted position with one draw: price, XT in, the waterfall, surplus out, goods handed over. */
  liquidationBid: number;
  /** OpenZeppelin ERC-721 `_mint` to a new owner (contracts/test/BaselineERC721.sol), the baseline of registerGoods. */
  baselineErc721Mint: number;
  /** DeviceRegistry.register: a manufacturer tokenises one device (serial and key kept unique, minted to it). */
  registerDevice: number;
  /** Investment (ADR 016): an investor funding part of a P2P listing. */
  p2pFund: number | null;
  /** A deposit request into a pool's tranche. */
  poolDeposit: number | null;
  /** (closeEpoch + each investor's claim) / investors, at 10 and 1,000 investors: it must not grow with them. */
  epochClosePerInvestorAt10: number | null;
  epochClosePerInvestorAt1000: number | null;
  /** An epoch close of a pool with three funded tranches and no request, / 3. */
  waterfallPerTranche: number | null;
}

export type Progress = (step: string, detail?: string) => void;

export interface GasParameters {
  chain: BenchChain;
  progress: Progress;
}

/** The figures `measureGas` gives at once: all but settlement, which `measureSettlement` adds later. */
export type OperationGas = Omit<
  GasFigures,
  'settlePerHolder' | 'settlePerHolderAt10' | 'settlePerHolderAt1000' | 'p2pFund' | 'poolDeposit' | 'epochClosePerInvestorAt10' | 'epochClosePerInvestorAt1000' | 'waterfallPerTranche'
>;

export interface GasRun {
  figures: OperationGas;
  /**
   * Settlement gas per holder for each holder count (e.g. `[10, 1000]`), on the same suite. It builds a large
   * state (every holder a certified consortium member) and moves the chain's clock past maturity, so it runs
   * after the throughput measurements (anvil's per-block work grows with the size of the state).
   */
  measureSettlement(holderCounts: number[]): Promise<Record<number, number>>;
  /** The investment figures, with the epoch close measured at each investor count (after settlement, same suite). */
  measureInvestment(investorCounts: number[]): Promise<InvestmentGas>;
}

interface Suite {
  ledger: Address;
  xt: Address;
  receivables: Address;
  market: Address;
}

/**
 * Measures the gas of every product operation on a suite deployed here, and of the OpenZeppelin baselines, on
 * one chain. Each figure is the `gasUsed` of one receipt (intrinsic 21,000 and calldata included), every
 * transaction on its own (all storage and accounts cold at its start, as for a user's transaction).
 */
export async function measureGas(p: GasParameters): Promise<GasRun> {
  const { chain, progress } = p;
  const g = (receipt: { gasUsed: bigint }) => Number(receipt.gasUsed);
  const [operator, core, s1, s2, s3, funder, bank, baseA, verifier, pledgor] = await chain.wallets('actors', 10);

  // ------------------------------------------------------------------------------------ deployment
  const deployed = await deploySuite({
    client: chain.client,
    operator: { address: operator!.address, signTransaction: (tx) => operator!.account.signTransaction(tx) },
    chainId: chain.chainId,
    suite: contractSuite,
    operatorLegalIdHash: keccak256(toHex('bench:operator')),
  });
  operator!.nonce = await chain.client.getTransactionCount({ address: operator!.address, blockTag: 'pending' });
  const perContract = { ...Object.fromEntries(Object.entries(deployed.gasUsed).map(([k, v]) => [k, Number(v)])), configure: Number(deployed.configureGasUsed) } as GasFigures['perContract'];
  const deployTotal = Object.values(perContract).reduce((a, b) => a + b, 0);
  progress('deploy', `suite ${fmt(deployTotal)} gas (${Object.entries(perContract).map(([k, v]) => `${k} ${fmt(v)}`).join(', ')})`);
  const s: Suite = {
    ledger: addressOf(deployed, 'ClaimLedger'),
    xt: addressOf(deployed, 'SettlementToken'),
    receivables: addressOf(deployed, 'Receivables'),
    market: addressOf(deployed, 'ClaimMarket'),
  };

  // ------------------------------------------------------------------------------------- baselines
  const erc1155 = await chain.deploy(baseA!, baselineERC1155Abi as Abi, baselineERC1155Bytecode as Hex, ['https://bench.invalid/{id}.json']);
  await chain.call(baseA!, erc1155.address, baselineERC1155Abi as Abi, 'mint', [baseA!.address, 1n, 100_000_000n, '0x']);
  const [newHolder1155, newHolder20] = await chain.wallets('baseline-recipients', 2);
  const baselineErc1155Transfer = g(await chain.call(baseA!, erc1155.address, baselineERC1155Abi as Abi, 'safeTransferFrom', [baseA!.address, newHolder1155!.address, 1n, 1_000n, '0x']));
  const baselineErc1155TransferToExistingHolder = g(await chain.call(baseA!, erc1155.address, baselineERC1155Abi as Abi, 'safeTransferFrom', [baseA!.address, newHolder1155!.address, 1n, 1_000n, '0x']));
  const erc20 = await chain.deploy(baseA!, baselineERC20Abi as Abi, baselineERC20Bytecode as Hex, ['Baseline', 'BASE', 10n ** 24n]);
  const baselineErc20Transfer = g(await chain.call(baseA!, erc20.address, baselineERC20Abi as Abi, 'transfer', [newHolder20!.address, 1_000n]));
  const baselineErc20TransferToExistingHolder = g(await chain.call(baseA!, erc20.address, baselineERC20Abi as Abi, 'transfer', [newHolder20!.address, 1_000n]));
  const erc721 = await chain.deploy(baseA!, baselineERC721Abi as Abi, baselineERC721Bytecode as Hex, []);
  const baselineErc721Mint = g(await chain.call(baseA!, erc721.address, baselineERC721Abi as Abi, 'mint', [newHolder20!.address, 1n]));
  progress('baseline', `ERC-721 mint ${fmt(baselineErc721Mint)} gas`);
  progress('baseline', `ERC-1155 safeTransferFrom ${fmt(baselineErc1155Transfer)} gas (to an existing holder ${fmt(baselineErc1155TransferToExistingHolder)}), ERC-20 transfer ${fmt(baselineErc20Transfer)} (${fmt(baselineErc20TransferToExistingHolder)})`);

  // ------------------------------------------------------------------------------ members, consortium
  const consortiumId = keccak256(toHex('bench:consortium'));
  const roles: Array<[Wallet, bigint]> = [
    [core!, ROLE.core], [s1!, ROLE.supplier], [s2!, ROLE.supplier], [s3!, ROLE.supplier], [funder!, ROLE.funder], [bank!, ROLE.bank], [verifier!, ROLE.verifier], [pledgor!, ROLE.distributor],
  ];
  await chain.bulk('register actors', await Promise.all(roles.map(([w]) => chain.sign(operator!, s.ledger, ledgerAbi, 'register', [w.address, keccak256(toHex(`bench:actor:${w.address}`)), ZERO32]))));
  await chain.bulk('certify actors', await Promise.all(roles.map(([w, r]) => chain.sign(operator!, s.ledger, ledgerAbi, 'certify', [w.address, r]))));
  await chain.call(core!, s.ledger, ledgerAbi, 'createConsortium', [consortiumId, keccak256(toHex('Bench consortium'))]);
  const joiners = [s1!, s2!, s3!, funder!, pledgor!];
  await chain.bulk('invite actors', await Promise.all(joiners.map((w) => chain.sign(core!, s.ledger, ledgerAbi, 'invite', [consortiumId, w.address]))));
  await chain.bulk('accept', await Promise.all(joiners.map((w) => chain.sign(w, s.ledger, ledgerAbi, 'accept', [consortiumId]))));
  await chain.call(operator!, s.receivables, receivablesAbi, 'setCreditLine', [core!.address, 10n ** 30n]);
  await chain.bulk('deposits', [
    await chain.sign(bank!, s.xt, xtAbi, 'deposit', [core!.address, 10n ** 15n, keccak256(toHex('bench:deposit:core'))]),
    await chain.sign(bank!, s.xt, xtAbi, 'deposit', [funder!.address, 10n ** 15n, keccak256(toHex('bench:deposit:funder'))]),
  ]);

  // ------------------------------------------------------------------------------ issuance, movements
  const now = await chain.now();
  const dueDate = now + 90 * DAY;
  const trade = (supplier: Wallet, invoice: string, amount: bigint, due = dueDate) => ({
    supplier: supplier.address,
    obligor: core!.address,
    amount,
    dueDate: due,
    lateRateBps: 500,
    maxHops: 5,
    dayCount: 0,
    consortiumId,
    invoiceKey: keccak256(toHex(`bench:invoice:${supplier.address}:${invoice}`)),
    documentsHash: keccak256(toHex(`bench:documents:${invoice}`)),
  });
  const claimId = (t: ReturnType<typeof trade>) =>
    chain.client.readContract({ address: s.receivables, abi: receivablesAbi, functionName: 'claimIdFor', args: [t.obligor, t.invoiceKey] }) as Promise<bigint>;

  const tA = trade(s1!, 'A-1', 100_000_000n);
  const issue = g(await chain.call(core!, s.receivables, receivablesAbi, 'issuePayable', [keccak256(toHex('bench:trade:A')), tA]));
  const idA = await claimId(tA);
  const tB = trade(s2!, 'B-1', 50_000_000n);
  const tradeB = keccak256(toHex('bench:trade:B'));
  const submitTrade = g(await chain.call(s2!, s.receivables, receivablesAbi, 'submitTrade', [tradeB, tB]));
  const confirmTrade = g(await chain.call(core!, s.receivables, receivablesAbi, 'confirmTrade', [tradeB, tB]));
  progress('issue', `issuePayable ${fmt(issue)} gas; submitTrade ${fmt(submitTrade)} + confirmTrade ${fmt(confirmTrade)}`);

  // s3 holds no A: the first transfer creates its holding, the second adds to it.
  const splitTransfer = g(await chain.call(s1!, s.ledger, ledgerAbi, 'transfer', [s3!.address, idA, 1_000_000n]));
  const splitTransferToExistingHolder = g(await chain.call(s1!, s.ledger, ledgerAbi, 'transfer', [s3!.address, idA, 1_000_000n]));
  progress('split', `transfer to a new holder ${fmt(splitTransfer)} gas, to an existing holder ${fmt(splitTransferToExistingHolder)}`);

  const termsA = (await chain.client.readContract({ address: s.ledger, abi: ledgerAbi, functionName: 'terms', args: [idA] })) as Record<string, unknown>;
  const narrower = { ...termsA, dueDate: dueDate + 10 * DAY, lateRateBps: 300, maxHops: 3 };
  const modify = g(await chain.call(s1!, s.ledger, ledgerAbi, 'modify', [idA, 5_000_000n, narrower]));
  progress('modify', `${fmt(modify)} gas (defines the child id and moves the amount into it)`);

  const offerId = keccak256(toHex('bench:offer:1'));
  await chain.call(funder!, s.market, marketAbi, 'postOffer', [offerId, core!.address, 600, 10n ** 12n, now + 60 * DAY, '0x0000000000000000000000000000000000000000']);
  const financeSwap = g(await chain.call(s1!, s.market, marketAbi, 'sell', [offerId, idA, 10_000_000n, 0n]));
  progress('finance', `ClaimMarket.sell ${fmt(financeSwap)} gas (claim to the funder, XT to the seller, one transaction)`);

  // -------------------------------------------------------------------------------------- collateral
  const goodsAt = addressOf(deployed, 'GoodsToken');
  const vaultAt = addressOf(deployed, 'CollateralVault');
  await chain.call(operator!, vaultAt, vaultAbi, 'setClass', [1, {
    kind: 1, active: true, ltvBps: 6000, marginBps: 7500, liquidationBps: 9000, penaltyBps: 200, auctionStartBps: 11000, auctionFloorBps: 5000, curve: 0,
    auctionDuration: 3600, auctionStep: 0, marginGrace: 3600, defaultGrace: 86400,
  }]);
  const registration = (receipt: string) => ({ owner: pledgor!.address, classId: 1, quantity: 500n, unit: 't', description: 'hot-rolled steel coil', location: 'bonded warehouse 3', receipt, lot: `LOT-${receipt}`, documentsHash: keccak256(toHex(receipt)), value: 1_000_000_000n });
  const registerGoods = g(await chain.call(verifier!, goodsAt, goodsAbi, 'register', [registration('WR-BENCH-1')]));
  const goodsId = (await chain.client.readContract({ address: goodsAt, abi: goodsAbi, functionName: 'goodsIdFor', args: [verifier!.address, 'WR-BENCH-1', 'LOT-WR-BENCH-1'] })) as bigint;
  const positionId = keccak256(toHex('bench:position'));
  const line = { dueDate: now + 90 * DAY, lateRateBps: 500, maxHops: 5, dayCount: 0, consortiumId };
  const lockAndDraw = g(await chain.call(pledgor!, vaultAt, vaultAbi, 'lockGoods', [positionId, goodsId, line, 600_000_000n]));
  await chain.call(verifier!, goodsAt, goodsAbi, 'revalue', [goodsId, 600_000_000n]);
  await chain.call(funder!, vaultAt, vaultAbi, 'declareDefault', [positionId]);
  const liquidationBid = g(await chain.call(funder!, vaultAt, vaultAbi, 'bid', [positionId, 700_000_000n]));
  const [maker] = await chain.wallets('devices', 1);
  await chain.call(operator!, s.ledger, ledgerAbi, 'register', [maker!.address, keccak256(toHex('bench:manufacturer')), ZERO32]);
  await chain.call(operator!, s.ledger, ledgerAbi, 'certify', [maker!.address, ROLE.manufacturer]);
  const [deviceKey] = await chain.wallets('device-keys', 1);
  const registerDevice = g(await chain.call(maker!, addressOf(deployed, 'DeviceRegistry'), contractSuite.abi('DeviceRegistry'), 'register', [
    'cnc-mill', 'VMC-850', 'SN-BENCH-1', keccak256(toHex('spec:VMC-850')), deviceKey!.address, 120_000n,
  ]));
  progress('devices', `registerDevice ${fmt(registerDevice)} gas (ERC-721 mint ${fmt(baselineErc721Mint)})`);
  progress('collateral', `registerGoods ${fmt(registerGoods)} gas (ERC-721 mint ${fmt(baselineErc721Mint)}), lockAndDraw ${fmt(lockAndDraw)}, liquidationBid ${fmt(liquidationBid)}`);

  // -------------------------------------------------------------------------------------- settlement
  const measureSettlement = async (holderCounts: number[]): Promise<Record<number, number>> => {
    const settle: Record<number, number> = {};
    if (holderCounts.length === 0) return settle;
    const total = holderCounts.reduce((a, b) => a + b, 0);
    progress('settle', `onboarding ${total} holders (register, certify, invite, accept: ${4 * total} transactions)`);
    // One redeemBatch over 1,000 holders needs over 50 M gas: above anvil's default 30 M block gas limit, so the
    // limit is raised for this section (anvil does not enforce EIP-7825's per-transaction cap unless asked).
    const { gasLimit } = await chain.client.getBlock({ blockTag: 'latest' });
    await chain.rpc('anvil_setBlockGasLimit', [toHex(1_000_000_000n)]);
    try {
      const holders = await chain.wallets('holders', total);
      const phase = async (label: string, txs: Promise<Hex>[]) => {
        const started = performance.now();
        await chain.bulk(label, await Promise.all(txs));
        progress('settle', `${label}: ${txs.length} transactions in ${((performance.now() - started) / 1000).toFixed(1)} s`);
      };
      await phase('register', holders.map((w) => chain.sign(operator!, s.ledger, ledgerAbi, 'register', [w.address, keccak256(toHex(`bench:holder:${w.address}`)), ZERO32])));
      await phase('certify', holders.map((w) => chain.sign(operator!, s.ledger, ledgerAbi, 'certify', [w.address, ROLE.supplier])));
      await phase('invite', holders.map((w) => chain.sign(core!, s.ledger, ledgerAbi, 'invite', [consortiumId, w.address])));
      await phase('accept', holders.map((w) => chain.sign(w, s.ledger, ledgerAbi, 'accept', [consortiumId])));

      const unit = 1_000n;
      const settleDue = (await chain.now()) + 30 * DAY;
      const roots: Array<{ n: number; id: bigint; holders: Wallet[] }> = [];
      let offset = 0;
      for (const n of holderCounts) {
        const t = trade(s3!, `S-${n}`, unit * BigInt(n), settleDue);
        await chain.call(core!, s.receivables, receivablesAbi, 'issuePayable', [keccak256(toHex(`bench:trade:settle:${n}`)), t]);
        const id = await claimId(t);
        const group = holders.slice(offset, offset + n);
        offset += n;
        // The whole face goes out in equal parts, so the batch covers every unit of the claim.
        await phase(`split to ${n} holders`, group.map((w) => chain.sign(s3!, s.ledger, ledgerAbi, 'transfer', [w.address, id, unit])));
        await chain.call(core!, s.receivables, receivablesAbi, 'pay', [id, unit * BigInt(n)]);
        roots.push({ n, id, holders: group });
      }
      await chain.increaseTime(settleDue - (await chain.now()) + 1);
      for (const r of roots) {
        const receipt = await chain.call(operator!, s.receivables, receivablesAbi, 'redeemBatch', [r.holders.map(() => r.id), r.holders.map((w) => w.address)]);
        const supply = (await chain.client.readContract({ address: s.ledger, abi: ledgerAbi, functionName: 'totalSupply', args: [r.id] })) as bigint;
        const st = (await chain.client.readContract({ address: s.receivables, abi: receivablesAbi, functionName: 'settlement', args: [r.id] })) as { face: bigint; distributed: bigint };
        if (supply !== 0n || st.distributed !== st.face) throw new Error(`redeemBatch over ${r.n} holders left ${supply} units and distributed ${st.distributed} of ${st.face}`);
        settle[r.n] = Math.round(Number(receipt.gasUsed) / r.n);
        progress('settle', `redeemBatch over ${r.n} holders: ${fmt(Number(receipt.gasUsed))} gas, ${fmt(settle[r.n]!)} per holder`);
      }
    } finally {
      await chain.rpc('anvil_setBlockGasLimit', [toHex(gasLimit)]);
    }
    return settle;
  };

  const figures: OperationGas = {
    deploySuite: deployTotal,
    perContract,
    issue,
    submitTrade,
    confirmTrade,
    splitTransfer,
    splitTransferToExistingHolder,
    modify,
    financeSwap,
    baselineErc1155Transfer,
    baselineErc1155TransferToExistingHolder,
    baselineErc20Transfer,
    baselineErc20TransferToExistingHolder,
    registerGoods,
    lockAndDraw,
    liquidationBid,
    baselineErc721Mint,
    registerDevice,
  };
  const measureInvestment = (investorCounts: number[]) =>
    measureInvestmentGas(
      {
        chain, operator: operator!, core: core!, supplier: s2!, sponsor: funder!, bank: bank!, consortiumId, progress,
        addresses: { ledger: s.ledger, xt: s.xt, receivables: s.receivables, listings: addressOf(deployed, 'P2PListings'), pools: addressOf(deployed, 'TranchedPools') },
      },
      investorCounts,
    );
  return { figures, measureSettlement, measureInvestment };
}

export const fmt = (n: number): string => n.toLocaleString('en-US');
