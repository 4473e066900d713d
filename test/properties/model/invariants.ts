/**
 * The invariants checked after every command: the whole model against the chain, and the conservation laws from
 * the chain's own state and events, so that they hold even where the model and the contracts share a mistake.
 */
import assert from 'node:assert/strict';
import type { Address, Hex } from 'viem';
import { abi, lc, suiteEvents } from '../setup.ts';
import { accrual } from './rules.ts';
import { ZERO_ADDRESS, type Model } from './state.ts';

const sum = (xs: Iterable<bigint>) => {
  let total = 0n;
  for (const x of xs) total += x;
  return total;
};

/**
 * Compares the chain with the model and checks the conservation laws (properties 1, 2, 4, 5) from the chain's
 * state and events alone. Run after every command.
 */
export async function checkInvariants(m: Model): Promise<void> {
  const f = m.f;
  const { client, addresses: A } = f;
  const events = await suiteEvents(f, 0n);
  const ofKind = (address: Address, name: string) => events.filter((e) => e.address === address && e.eventName === name).map((e) => e.args);

  // Holders of each id, as the chain's Transfer events tell them, with their net balance from the events.
  const transfers = ofKind(A.ledger, 'Transfer') as Array<{ sender: Address; receiver: Address; id: bigint; amount: bigint }>;
  const fromEvents = new Map<bigint, Map<Address, bigint>>();
  const eventMinted = new Map<bigint, bigint>();
  const eventBurned = new Map<bigint, bigint>();
  for (const e of transfers) {
    const holders = fromEvents.get(e.id) ?? new Map<Address, bigint>();
    fromEvents.set(e.id, holders);
    const from = lc(e.sender);
    const to = lc(e.receiver);
    if (from === ZERO_ADDRESS) eventMinted.set(e.id, (eventMinted.get(e.id) ?? 0n) + e.amount);
    else holders.set(from, (holders.get(from) ?? 0n) - e.amount);
    if (to === ZERO_ADDRESS) eventBurned.set(e.id, (eventBurned.get(e.id) ?? 0n) + e.amount);
    else holders.set(to, (holders.get(to) ?? 0n) + e.amount);
  }
  const defined = ofKind(A.ledger, 'ClaimDefined') as Array<{ id: bigint; root: bigint }>;
  assert.deepEqual(new Set(defined.map((d) => d.id)), new Set(m.order), 'the ids defined on chain differ from the model');

  // Reads, all at once (batched into one JSON-RPC request).
  type Read = { key: string; p: Promise<unknown> };
  const reads: Read[] = [];
  const read = (key: string, p: Promise<unknown>) => reads.push({ key, p });
  for (const id of m.order) {
    const c = m.claims.get(id)!;
    read(`supply:${id}`, client.readContract({ address: A.ledger, abi: abi.ledger, functionName: 'totalSupply', args: [id] }));
    read(`terms:${id}`, client.readContract({ address: A.ledger, abi: abi.ledger, functionName: 'terms', args: [id] }));
    const holders = new Set<Address>([...c.holdings.keys(), ...(fromEvents.get(id)?.keys() ?? [])]);
    for (const h of holders) {
      read(`bal:${id}:${h}`, client.readContract({ address: A.ledger, abi: abi.ledger, functionName: 'balanceOf', args: [h, id] }));
      read(`hops:${id}:${h}`, client.readContract({ address: A.ledger, abi: abi.ledger, functionName: 'hopsOf', args: [h, id] }));
      read(`recv:${id}:${h}`, client.readContract({ address: A.receivables, abi: abi.receivables, functionName: 'received', args: [id, h] }));
    }
  }
  for (const root of m.roots.keys()) {
    read(`settlement:${root}`, client.readContract({ address: A.receivables, abi: abi.receivables, functionName: 'settlement', args: [root] }));
  }
  for (const a of m.xtAddresses) read(`xt:${a}`, client.readContract({ address: A.xt, abi: abi.xt, functionName: 'balanceOf', args: [a] }));
  read('xtSupply', client.readContract({ address: A.xt, abi: abi.xt, functionName: 'totalSupply' }));
  read('credit', client.readContract({ address: A.receivables, abi: abi.receivables, functionName: 'creditLine', args: [f.core.address] }));
  read('guarantee', client.readContract({ address: A.receivables, abi: abi.receivables, functionName: 'guarantee', args: [f.core.address] }));
  read('guarantorMember', client.readContract({ address: A.registry, abi: abi.registry, functionName: 'memberOf', args: [f.guarantor.address] }));
  // At the latest block itself, whose timestamp is the model's clock (f.chain.now).
  const latestBlock = await client.getBlockNumber({ cacheTime: 0 });
  for (const root of m.roots.keys()) {
    read(`owed:${root}`, client.readContract({ address: A.receivables, abi: abi.receivables, functionName: 'owed', args: [root], blockNumber: latestBlock }));
  }
  for (const k of m.invoiceUsed.keys()) read(`inv:${k}`, client.readContract({ address: A.receivables, abi: abi.receivables, functionName: 'invoiceUsed', args: [k] }));
  for (const d of m.docUsed.keys()) read(`doc:${d}`, client.readContract({ address: A.receivables, abi: abi.receivables, functionName: 'documentUsed', args: [d] }));
  for (const o of m.offers) read(`offer:${o.offerId}`, client.readContract({ address: A.market, abi: abi.market, functionName: 'offer', args: [o.offerId] }));
  for (const s of f.suppliers) read(`member:${s.address}`, client.readContract({ address: A.registry, abi: abi.registry, functionName: 'memberOf', args: [s.address] }));
  const values = await Promise.all(reads.map((r) => r.p));
  const chain = new Map<string, unknown>(reads.map((r, i) => [r.key, values[i]]));
  const get = <T>(key: string) => chain.get(key) as T;

  // Property 1 — value conservation per id: Σ balanceOf over every holder the events name = totalSupply =
  // minted − burned; and every balance, hop count and `received` equals the model's.
  for (const id of m.order) {
    const c = m.claims.get(id)!;
    const supply = get<bigint>(`supply:${id}`);
    const holders = new Set<Address>([...c.holdings.keys(), ...(fromEvents.get(id)?.keys() ?? [])]);
    const balances = [...holders].map((h) => get<bigint>(`bal:${id}:${h}`));
    assert.equal(sum(balances), supply, `id ${id}: Σ balanceOf ≠ totalSupply`);
    assert.equal(supply, (eventMinted.get(id) ?? 0n) - (eventBurned.get(id) ?? 0n), `id ${id}: totalSupply ≠ minted − burned (events)`);
    assert.equal(supply, m.supply(c), `id ${id}: totalSupply ≠ minted − burned (model)`);
    for (const h of holders) {
      const mh = c.holdings.get(h);
      assert.equal(get<bigint>(`bal:${id}:${h}`), mh?.balance ?? 0n, `id ${id}: balance of ${h}`);
      assert.equal(get<bigint>(`bal:${id}:${h}`), fromEvents.get(id)?.get(h) ?? 0n, `id ${id}: balance of ${h} ≠ its Transfer events`);
      const hops = get<number>(`hops:${id}:${h}`);
      assert.equal(hops, mh?.hops ?? 0, `id ${id}: hops of ${h}`);
      // Property 7: hops never exceed maxHops (except a count carried over by modify, see the report).
      assert.ok(hops <= c.maxHops || mh?.carried === true, `id ${id}: ${h} has ${hops} hops > maxHops ${c.maxHops}`);
      assert.equal(get<bigint>(`recv:${id}:${h}`), mh?.received ?? 0n, `id ${id}: received of ${h}`);
    }
    const terms = get<{ dueDate: number; maxHops: number; lateRateBps: number; root: bigint; parent: bigint; obligor: Address; dayCount: number; consortiumId: Hex }>(`terms:${id}`);
    assert.deepEqual(
      [BigInt(terms.dueDate), terms.maxHops, terms.lateRateBps, terms.root, terms.parent, lc(terms.obligor), terms.dayCount, terms.consortiumId],
      [c.dueDate, c.maxHops, c.lateRateBps, c.root, c.parent, c.obligor, c.dayCount, c.consortiumId],
      `id ${id}: terms`,
    );
  }

  // Property 2 — tree conservation: Σ totalSupply over a root's tree = face − units burned at redemption.
  const redeemed = ofKind(A.receivables, 'ClaimRedeemed') as Array<{ id: bigint; root: bigint; holder: Address; payout: bigint; burned: bigint }>;
  const paidEvents = ofKind(A.receivables, 'SettlementPaid') as Array<{ root: bigint; payer: Address; amount: bigint; paidTotal: bigint; principal: bigint; interest: bigint }>;
  const accruedEvents = ofKind(A.receivables, 'LateInterestAccrued') as Array<{ root: bigint; daysLate: number; accrued: bigint; interestDue: bigint; carry: number }>;
  const guaranteed = ofKind(A.receivables, 'ClaimGuaranteed') as Array<{ id: bigint; guarantor: Address }>;
  type SettlementOnChain = {
    face: bigint; paid: bigint; distributed: bigint; interestPaid: bigint; interestDue: bigint; accruedDays: number; interestCarry: number; guarantor: Address;
  };
  for (const [rootId, root] of m.roots) {
    const treeIds = defined.filter((d) => d.root === rootId).map((d) => d.id);
    assert.deepEqual(new Set(treeIds), new Set(root.ids), `root ${rootId}: tree ids`);
    const treeSupply = sum(treeIds.map((id) => get<bigint>(`supply:${id}`)));
    const burnedAtRedemption = sum(redeemed.filter((e) => e.root === rootId).map((e) => e.burned));
    const s = get<SettlementOnChain>(`settlement:${rootId}`);
    assert.equal(treeSupply, s.face - burnedAtRedemption, `root ${rootId}: Σ tree supply ≠ face − burned at redemption`);
    assert.deepEqual(
      [s.face, s.paid, s.distributed, s.interestPaid, s.interestDue, BigInt(s.accruedDays), BigInt(s.interestCarry), lc(s.guarantor)],
      [root.face, root.paid, root.distributed, root.interestPaid, root.interestDue, root.accruedDays, root.carry, root.guarantor],
      `root ${rootId}: settlement`,
    );
    // What is owed now (the view a payment is checked against) equals the model's rule at the next block's time.
    const t = f.chain.now;
    const a = accrual(root, t);
    assert.deepEqual(get<readonly [bigint, bigint]>(`owed:${rootId}`), [a.principal, a.due], `root ${rootId}: owed at ${t}`);
    // A claim issued under an active guarantee says so in an event, and only then.
    const named = guaranteed.filter((e) => e.id === rootId).map((e) => lc(e.guarantor));
    assert.deepEqual(named, root.guarantor === ZERO_ADDRESS ? [] : [root.guarantor], `root ${rootId}: ClaimGuaranteed`);

    // Property 5 — settlement: paid = Σ SettlementPaid (interest part + principal part), distributed = Σ payouts ≤
    // paid; principal paid ≤ face; interest paid + due = Σ LateInterestAccrued.accrued (interest comes only from
    // accrual: no value created); a payment's interest part never exceeds what was accrued and unpaid.
    const mine = paidEvents.filter((e) => e.root === rootId);
    assert.equal(sum(mine.map((e) => e.amount)), s.paid, `root ${rootId}: Σ SettlementPaid ≠ paid`);
    assert.equal(sum(mine.map((e) => e.interest)), s.interestPaid, `root ${rootId}: Σ SettlementPaid.interest ≠ interestPaid`);
    for (const e of mine) assert.equal(e.principal + e.interest, e.amount, `root ${rootId}: a payment's parts ≠ its amount`);
    assert.equal(sum(accruedEvents.filter((e) => e.root === rootId).map((e) => e.accrued)), s.interestPaid + s.interestDue, `root ${rootId}: interest ≠ Σ accrued`);
    assert.equal(sum(redeemed.filter((e) => e.root === rootId).map((e) => e.payout)), s.distributed, `root ${rootId}: Σ payouts ≠ distributed`);
    const principalPaid = s.paid - s.interestPaid;
    assert.ok(s.distributed <= s.paid && principalPaid <= s.face, `root ${rootId}: distributed ${s.distributed} ≤ paid ${s.paid}, principal paid ${principalPaid} ≤ face ${s.face}`);
    // Fully settled and every unit redeemed (burned): paid-out + residue = paid-in, with 0 ≤ residue < the number of
    // holdings burned (each payout is floored once); no residue at all when no interest was paid (each unit is 1 XT).
    if (principalPaid === s.face && treeSupply === 0n) {
      const residue = s.paid - s.distributed;
      const holdings = redeemed.filter((e) => e.root === rootId && e.burned > 0n).length;
      assert.ok(residue >= 0n && residue < BigInt(Math.max(holdings, 1)), `root ${rootId}: fully paid and redeemed, residue ${residue} with ${holdings} holdings`);
      if (s.interestPaid === 0n) assert.equal(residue, 0n, `root ${rootId}: fully paid without interest but residue ${residue}`);
    }
  }
  // No holding ever received more than its units' exact share of what was paid in: floor((units now + units
  // burned) × paid / face) — units cannot move after the due date, so that is what it held at maturity.
  const payoutsBy = new Map<string, { paid: bigint; burned: bigint; root: bigint }>();
  for (const e of redeemed) {
    const key = `${e.id}:${lc(e.holder)}`;
    const x = payoutsBy.get(key) ?? { paid: 0n, burned: 0n, root: e.root };
    payoutsBy.set(key, { paid: x.paid + e.payout, burned: x.burned + e.burned, root: e.root });
  }
  for (const [key, x] of payoutsBy) {
    const [id, h] = key.split(':') as [string, Address];
    const held = get<bigint>(`bal:${id}:${h}`) + x.burned;
    const s = get<SettlementOnChain>(`settlement:${x.root}`);
    assert.ok(x.paid <= (held * s.paid) / s.face, `holding ${key} received ${x.paid} XT for ${held} units of ${s.face} with ${s.paid} paid in`);
  }

  // Property 5 — XT: totalSupply = Σ Deposited − Σ Withdrawn; Receivables holds exactly paid − distributed.
  const deposited = sum((ofKind(A.xt, 'Deposited') as Array<{ amount: bigint }>).map((e) => e.amount));
  const withdrawn = sum((ofKind(A.xt, 'Withdrawn') as Array<{ amount: bigint }>).map((e) => e.amount));
  const xtSupply = get<bigint>('xtSupply');
  assert.equal(xtSupply, deposited - withdrawn, 'XT totalSupply ≠ Σ Deposited − Σ Withdrawn');
  assert.equal(xtSupply, m.xtSupply, 'XT totalSupply ≠ model');
  const settlementXt = get<bigint>(`xt:${A.receivables}`);
  assert.equal(settlementXt, sum(paidEvents.map((e) => e.amount)) - sum(redeemed.map((e) => e.payout)), 'Receivables XT ≠ Σ SettlementPaid − Σ payouts');
  for (const a of m.xtAddresses) assert.equal(get<bigint>(`xt:${a}`), m.xtOf(a), `XT balance of ${a}`);
  assert.equal(sum(m.xtAddresses.map((a) => get<bigint>(`xt:${a}`))), xtSupply, 'Σ XT balances ≠ totalSupply');

  // Property 4 — credit line: used = Σ face − Σ principal paid (late interest never draws on it nor frees it);
  // used ≤ limit unless the limit was lowered below it.
  const line = get<{ limit: bigint; used: bigint }>('credit');
  assert.deepEqual([line.limit, line.used], [m.credit.limit, m.credit.used], 'credit line');
  assert.equal(line.used, sum([...m.roots.values()].map((r) => r.face - (r.paid - r.interestPaid))), 'credit used ≠ Σ principal outstanding');
  const g = get<{ guarantor: Address; status: number }>('guarantee');
  assert.deepEqual([lc(g.guarantor), ['None', 'Proposed', 'Active'][g.status]], [m.guarantee.guarantor, m.guarantee.status], 'guarantee of the credit line');
  assert.equal(get<{ status: number }>('guarantorMember').status, m.suspended.has(f.guarantor.address) ? 3 : 2, 'status of the guarantor');
  if (!m.credit.lowered) assert.ok(line.used <= line.limit, `credit used ${line.used} > limit ${line.limit}`);
  for (const [k, v] of m.invoiceUsed) assert.equal(get<boolean>(`inv:${k}`), v, `invoiceUsed ${k}`);
  for (const [d, v] of m.docUsed) assert.equal(get<boolean>(`doc:${d}`), v, `documentUsed ${d}`);

  for (const o of m.offers) assert.equal(get<{ remaining: bigint }>(`offer:${o.offerId}`).remaining, o.remaining, `offer ${o.offerId} remaining`);
  for (const s of f.suppliers) {
    assert.equal(get<{ status: number }>(`member:${s.address}`).status, m.suspended.has(s.address) ? 3 : 2, `status of ${s.name}`);
  }
}
