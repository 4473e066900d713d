import { randomUUID } from 'node:crypto';
import { decodeFunctionResult, encodeAbiParameters, encodeFunctionData, keccak256, parseEther, toHex, type Address, type Hex } from 'viem';
import type { PrivateKeyAccount } from 'viem/accounts';
import type { Database } from '../../src/db/database.ts';
import { createApiClient, type ApiClient } from '../../src/demo/client.ts';
import { createKeyStore } from '../../src/ledger/keyStore.ts';
import { contractSuite } from '../../src/platform/modules.ts';
import type { BenchChain, Wallet } from './chain.ts';
import type { Progress } from './gas.ts';

/**
 * The data of a consortium at scale, made the way the platform makes it: members, consortia, credit lines and XT
 * deposits through the HTTP API; the volume (payables issued, split down the tiers, modified, paid at maturity and
 * redeemed) signed with the members' own custodial keys, read from the platform's key store with its master key,
 * and sent to the contracts in large blocks. The platform's indexer indexes every event; the bench writes no row.
 */

const ledgerAbi = contractSuite.abi('ClaimLedger');
const receivablesAbi = contractSuite.abi('Receivables');
const DAY = 86_400;
/** Transactions sent and mined together (anvil's pool slows down sharply with thousands pending). */
const CHUNK = 250;
const ZERO32 = `0x${'0'.repeat(64)}` as Hex;

export interface ScaleMember {
  id: string;
  address: Address;
  key: string;
}

export interface ScaleConsortium {
  core: ScaleMember;
  consortiumId: Hex;
  tier1: ScaleMember[];
  tier2: ScaleMember[];
  tier3: ScaleMember[];
}

export interface ScalePopulation {
  operatorKey: string;
  regulator: ScaleMember;
  bank: ScaleMember;
  consortia: ScaleConsortium[];
}

/** Tier sizes per core enterprise's supply chain. */
const TIERS = { tier1: 5, tier2: 10, tier3: 15 } as const;

/** Onboards `cores` core enterprises, each with its own consortium of suppliers on three tiers, a regulator and a bank, through the API. */
export async function onboardPopulation(p: { baseUrl: string; operatorKey: string; cores: number; progress: Progress }): Promise<ScalePopulation> {
  const api = createApiClient({ baseUrl: p.baseUrl, key: p.operatorKey, timeoutMs: 600_000 });
  const onboard = async (name: string, roles: string[]) => {
    const r = await api.send<{ member: { id: string; address: string }; apiKey: string }>('/v1/members', {
      body: { name, registrationNumber: `SCALE-${name.replace(/\W+/g, '-')}`, roles },
      label: 'scale-onboard',
    });
    return { member: { id: r.member.id, address: r.member.address.toLowerCase() as Address, key: r.apiKey }, commands: r.commands };
  };
  const perCore = TIERS.tier1 + TIERS.tier2 + TIERS.tier3;
  p.progress('members', `onboarding a regulator, a bank, ${p.cores} core enterprises and ${p.cores * perCore} suppliers through the API`);
  const made = await Promise.all([
    onboard('Scale Regulator', ['regulator']),
    onboard('Scale Bank', ['bank_gateway']),
    ...Array.from({ length: p.cores }, (_, c) => onboard(`Scale Core ${c + 1}`, ['core_enterprise'])),
    ...Array.from({ length: p.cores * perCore }, (_, i) => onboard(`Scale Supplier ${Math.floor(i / perCore) + 1}-${(i % perCore) + 1}`, ['supplier'])),
  ]);
  await api.settle(made.flatMap((m) => m.commands), 'onboarding');
  const [regulator, bank, ...rest] = made.map((m) => m.member);
  const cores = rest.slice(0, p.cores);
  const suppliers = rest.slice(p.cores);

  const consortia: ScaleConsortium[] = [];
  const created = await Promise.all(cores.map((core, c) => api.send<{ consortiumId: string }>('/v1/consortia', { key: core.key, body: { name: `Scale supply chain ${c + 1}` } })));
  await api.settle(created.flatMap((r) => r.commands), 'consortia');
  cores.forEach((core, c) => {
    const mine = suppliers.slice(c * perCore, (c + 1) * perCore);
    consortia.push({
      core,
      consortiumId: created[c]!.consortiumId as Hex,
      tier1: mine.slice(0, TIERS.tier1),
      tier2: mine.slice(TIERS.tier1, TIERS.tier1 + TIERS.tier2),
      tier3: mine.slice(TIERS.tier1 + TIERS.tier2),
    });
  });
  p.progress('members', `${consortia.length} consortia; inviting ${suppliers.length} suppliers`);
  const joins = consortia.flatMap((k) => [...k.tier1, ...k.tier2, ...k.tier3].map((m) => ({ k, m })));
  const invites = await Promise.all(joins.map(({ k, m }) => api.send(`/v1/consortia/${k.consortiumId}/invitations`, { key: k.core.key, body: { memberId: m.id } })));
  await api.settle(invites.flatMap((r) => r.commands), 'invitations');
  const accepts = await Promise.all(joins.map(({ k, m }) => api.send(`/v1/consortia/${k.consortiumId}/accept`, { key: m.key })));
  await api.settle(accepts.flatMap((r) => r.commands), 'acceptances');
  const lines = await Promise.all(cores.map((core) => api.send('/v1/credit-lines', { body: { obligorMemberId: core.id, limit: (10n ** 18n).toString() } })));
  await api.settle(lines.flatMap((r) => r.commands), 'credit lines');
  const deposits = await Promise.all(
    cores.map((core, c) => api.send('/v1/xt/deposits', { key: bank!.key, body: { memberId: core.id, amount: (10n ** 17n).toString(), reference: `SCALE-DEP-${c}-${randomUUID()}` } })),
  );
  await api.settle(deposits.flatMap((r) => r.commands), 'deposits');
  return { operatorKey: p.operatorKey, regulator: regulator!, bank: bank!, consortia };
}

export interface VolumeFigures {
  roots: number;
  children: number;
  /** Transactions sent straight to the contracts. */
  transactions: number;
  /** Roots due within the build (paid and redeemed at maturity, some left overdue) and those due later. */
  matured: number;
  paid: number;
  overdue: number;
  seconds: number;
}

interface Root {
  index: number;
  k: ScaleConsortium;
  id: bigint;
  face: bigint;
  due: number;
  tier1: ScaleMember;
  tier2a: ScaleMember;
  tier2b: ScaleMember;
  tier3: ScaleMember;
  /** Another tier-3 supplier, to whom the first passes part of its share on (tier 4 of the tree). */
  tier3b: ScaleMember;
  child: bigint | null;
}

/**
 * A claim tree per payable: the core issues it to a tier-1 supplier, which splits 30 % to one tier-2 supplier and
 * 20 % to another; the first passes half of its part on to tier 3; one payable in four has 10 % modified by its tier-1
 * holder into a child claim (a later-rate, fewer-hops id). A share of the payables falls due within the build: the
 * chain's clock then moves past it, nine in ten of those are paid in full by their core and every holding of them is
 * redeemed (batches of holders), the tenth stays overdue.
 */
export async function buildVolume(p: {
  chain: BenchChain;
  db: Database;
  masterKey: Buffer;
  population: ScalePopulation;
  contracts: { ledger: Address; receivables: Address };
  /** Payables (roots) to issue in this call; `first` numbers them across calls. */
  roots: number;
  first: number;
  /** Share of these payables due within the build (0..1). */
  maturingShare: number;
  /** The consortia whose cores issue these payables, in turn (default: every one of the population). */
  consortia?: ScaleConsortium[];
  progress: Progress;
}): Promise<VolumeFigures> {
  const started = performance.now();
  const { chain, population } = p;
  const keys = createKeyStore({ db: p.db, masterKey: p.masterKey });
  const wallets = new Map<string, Wallet>();
  const walletOf = async (m: ScaleMember): Promise<Wallet> => {
    let w = wallets.get(m.address);
    if (!w) {
      const signer = await keys.signer(m.address);
      const nonce = Number(await chain.rpc<Hex>('eth_getTransactionCount', [m.address, 'pending']));
      w = { account: signer as unknown as PrivateKeyAccount, address: m.address, nonce };
      wallets.set(m.address, w);
    }
    return w;
  };
  // Gas for every signer of the run: the platform's own top-ups would be thousands of transactions.
  const everyone = population.consortia.flatMap((k) => [k.core, ...k.tier1, ...k.tier2, ...k.tier3]);
  await chain.rpcBatch(everyone.map((m) => ['anvil_setBalance', [m.address, toHex(parseEther('100000'))]]));
  for (const m of everyone) await walletOf(m);

  const now = await chain.now();
  const roots: Root[] = [];
  const maturing = Math.round(p.roots * p.maturingShare);
  for (let j = 0; j < p.roots; j++) {
    const index = p.first + j;
    const issuers = p.consortia ?? population.consortia;
    const k = issuers[index % issuers.length]!;
    const lane = Math.floor(index / issuers.length);
    const face = 1_000_000n + BigInt(index % 997) * 1_000n;
    // Maturing payables fall due 2 days from now (the clock is moved 3 days on before they are paid); the others over the next year.
    const due = j < maturing ? now + 2 * DAY : now + (30 + (index % 330)) * DAY;
    roots.push({
      index,
      k,
      id: 0n,
      face,
      due,
      tier1: k.tier1[lane % k.tier1.length]!,
      tier2a: k.tier2[index % k.tier2.length]!,
      tier2b: k.tier2[(index + 3) % k.tier2.length]!,
      tier3: k.tier3[index % k.tier3.length]!,
      tier3b: k.tier3[(index + 7) % k.tier3.length]!,
      child: null,
    });
  }
  let transactions = 0;
  const phase = async (label: string, items: Root[], sign: (r: Root) => Promise<Hex>) => {
    const t0 = performance.now();
    for (let i = 0; i < items.length; i += CHUNK) {
      const signed: Hex[] = [];
      for (const r of items.slice(i, i + CHUNK)) signed.push(await sign(r));
      await chain.bulk(`${label} ${i + 1}–${Math.min(items.length, i + CHUNK)}`, signed);
      transactions += signed.length;
    }
    const s = (performance.now() - t0) / 1000;
    p.progress('volume', `${label}: ${items.length.toLocaleString('en-US')} transactions in ${s.toFixed(1)} s (${Math.round(items.length / s)}/s)`);
  };

  await phase('issue payables', roots, async (r) => {
    const trade = {
      supplier: r.tier1.address,
      obligor: r.k.core.address,
      amount: r.face,
      dueDate: r.due,
      lateRateBps: 500,
      maxHops: 5,
      dayCount: 0,
      consortiumId: r.k.consortiumId,
      invoiceKey: keccak256(toHex(`scale:invoice:${r.index}`)),
      documentsHash: ZERO32,
    };
    r.id = BigInt(keccak256(encodeAbiParameters([{ type: 'address' }, { type: 'bytes32' }], [trade.obligor, trade.invoiceKey])));
    return chain.sign(await walletOf(r.k.core), p.contracts.receivables, receivablesAbi, 'issuePayable', [keccak256(toHex(`scale:trade:${r.index}`)), trade], 600_000n);
  });
  await phase('split to tier 2', roots, async (r) =>
    chain.sign(await walletOf(r.tier1), p.contracts.ledger, ledgerAbi, 'transfer', [r.tier2a.address, r.id, (r.face * 30n) / 100n]),
  );
  await phase('split to a second tier-2 supplier', roots, async (r) =>
    chain.sign(await walletOf(r.tier1), p.contracts.ledger, ledgerAbi, 'transfer', [r.tier2b.address, r.id, (r.face * 20n) / 100n]),
  );
  await phase('split to tier 3', roots, async (r) =>
    chain.sign(await walletOf(r.tier2a), p.contracts.ledger, ledgerAbi, 'transfer', [r.tier3.address, r.id, (r.face * 15n) / 100n]),
  );
  // A tier-3 supplier pays one of its own suppliers with part of what it received: the tree reaches a fourth tier (and
  // 100,000 claims make a million events: without this phase they made 973,832).
  await phase('split to a fourth tier', roots, async (r) =>
    chain.sign(await walletOf(r.tier3), p.contracts.ledger, ledgerAbi, 'transfer', [r.tier3b.address, r.id, (r.face * 5n) / 100n]),
  );
  const modified = roots.filter((r) => r.index % 4 === 0);
  await phase('modify into child claims', modified, async (r) => {
    const narrower = {
      obligor: r.k.core.address,
      dueDate: r.due,
      lateRateBps: 300,
      maxHops: 3,
      dayCount: 0,
      kind: 0,
      consortiumId: r.k.consortiumId,
      parent: 0n,
      root: 0n,
      documentsHash: ZERO32,
    };
    r.child = BigInt(keccak256(encodeAbiParameters([{ type: 'uint256' }, { type: 'uint40' }, { type: 'uint16' }, { type: 'uint8' }], [r.id, r.due, 300, 3])));
    return chain.sign(await walletOf(r.tier1), p.contracts.ledger, ledgerAbi, 'modify', [r.id, (r.face * 10n) / 100n, narrower]);
  });

  const due = roots.slice(0, maturing);
  const paid = due.filter((r) => r.index % 10 !== 9);
  if (due.length > 0) {
    await chain.increaseTime(3 * DAY);
    // Each is paid in full, as its core would: what Receivables.owed answers now, the principal and the late interest
    // of the day it is late (interest is paid first; paying the face alone would leave every one of them open with a
    // remainder of principal the size of that interest). Should the build cross a UTC midnight between this read and
    // its block, a payable accrues one more day and stays open for that day's interest.
    const owed = await chain.rpcBatch(
      paid.map((r) => ['eth_call', [{ to: p.contracts.receivables, data: encodeFunctionData({ abi: receivablesAbi, functionName: 'owed', args: [r.id] }) }, 'latest']]),
    );
    const amounts = new Map(
      paid.map((r, i) => {
        const answer = owed[i];
        if (answer instanceof Error) throw new Error(`Receivables.owed(${r.id}) failed: ${answer.message}`);
        const [principal, interest] = decodeFunctionResult({ abi: receivablesAbi, functionName: 'owed', data: answer as Hex }) as readonly [bigint, bigint];
        return [r.id, principal + interest];
      }),
    );
    await phase('pay at maturity', paid, async (r) => chain.sign(await walletOf(r.k.core), p.contracts.receivables, receivablesAbi, 'pay', [r.id, amounts.get(r.id)!]));
    // Every holding of a paid payable redeemed, 40 holdings per transaction, each batch sent by one core.
    const holdings = paid.flatMap((r) => [
      ...[r.tier1, r.tier2a, r.tier2b, r.tier3, r.tier3b].map((m) => ({ r, id: r.id, holder: m.address })),
      ...(r.child !== null ? [{ r, id: r.child, holder: r.tier1.address }] : []),
    ]);
    const batches: Array<{ r: Root; ids: bigint[]; holders: Address[] }> = [];
    for (let i = 0; i < holdings.length; i += 40) {
      const part = holdings.slice(i, i + 40);
      batches.push({ r: part[0]!.r, ids: part.map((h) => h.id), holders: part.map((h) => h.holder) });
    }
    await phase(
      `redeem ${holdings.length.toLocaleString('en-US')} holdings`,
      batches.map((b) => ({ ...b.r, batch: b }) as Root & { batch: (typeof batches)[number] }),
      async (r) => {
        const b = (r as Root & { batch: (typeof batches)[number] }).batch;
        return chain.sign(await walletOf(r.k.core), p.contracts.receivables, receivablesAbi, 'redeemBatch', [b.ids, b.holders], 8_000_000n);
      },
    );
  }
  return {
    roots: roots.length,
    children: modified.length,
    transactions,
    matured: due.length,
    paid: paid.length,
    overdue: due.length - paid.length,
    seconds: Math.round((performance.now() - started) / 100) / 10,
  };
}

/** A fresh API client for measurement requests. */
export function scaleApi(baseUrl: string, key: string): ApiClient {
  return createApiClient({ baseUrl, key, timeoutMs: 120_000 });
}
