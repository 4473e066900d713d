import { randomUUID } from 'node:crypto';
import { createPublicClient, http, type Address, type Hex, type PublicClient } from 'viem';
import { contractSuite } from '../../src/platform/modules.ts';
import { createApiClient, type ApiClient, type Command } from '../../src/demo/client.ts';

/**
 * What the fault runs send, and how they count what happened: cheap, countable commands through the HTTP API (XT
 * transfers, and claim split-transfers whose pre-checks read the chain), each with its own Idempotency-Key and an
 * amount no other request uses, so every request can be found on the chain by its amount.
 */

export interface Member {
  id: string;
  address: string;
  key: string;
}

export interface Job {
  /** The request's Idempotency-Key: the same on every attempt. */
  key: string;
  kind: 'xt' | 'claim';
  by: Member;
  path: string;
  body: Record<string, string>;
  /** Unique among the run's requests of its kind (and sender). */
  amount: bigint;
  /** The command of its 202 answer (replays must name the same one). */
  commandId?: string;
  attempts: number;
}

export interface Answer {
  status: number;
  ms: number;
  code?: string;
  message?: string;
  replayed: boolean;
  commandId?: string;
  /** Connection refused or reset, or no answer before the client gave up. */
  unanswered: boolean;
  /** Why there was no answer: the client's error (a timeout, a reset socket), with its cause's code. */
  error?: string;
}

const DAY = 86_400;

/** Sends one job's request, once; never throws. */
export async function sendJob(baseUrl: string, job: Job, timeoutMs = 30_000): Promise<Answer> {
  const started = performance.now();
  job.attempts += 1;
  try {
    const response = await fetch(`${baseUrl}${job.path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${job.by.key}`, 'content-type': 'application/json', 'idempotency-key': job.key },
      body: JSON.stringify(job.body),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await response.text();
    const ms = performance.now() - started;
    let body: any = null;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON
    }
    const commandId = response.status === 202 ? (body?.commands?.[0]?.id as string | undefined) : undefined;
    return {
      status: response.status,
      ms,
      code: body?.error?.code,
      message: body?.error?.message,
      replayed: response.headers.get('idempotent-replayed') === 'true',
      commandId,
      unanswered: false,
    };
  } catch (error) {
    const e = error as Error & { cause?: { code?: string; message?: string } };
    const why = `${e.name}: ${e.message}${e.cause ? ` (${e.cause.code ?? ''} ${e.cause.message ?? ''})`.replace(/\(\s*\)/, '') : ''}`;
    return { status: 0, ms: performance.now() - started, replayed: false, unanswered: true, error: why };
  }
}

export interface Fixture {
  api: ApiClient;
  bank: Member;
  senders: Member[];
  recipients: Member[];
  /** Claim holders with their claim id (when claims were set up). */
  holders: Array<Member & { claimId: string }>;
}

/**
 * Onboards a bank gateway, `senders` members funded with XT and `recipients`; with `holders` > 0 also a core
 * enterprise, a consortium of everyone, a credit line, and one payable (claim) per holder.
 */
export async function setUpMembers(p: { baseUrl: string; operatorKey: string; senders: number; recipients: number; holders?: number; progress: (m: string) => void }): Promise<Fixture> {
  const api = createApiClient({ baseUrl: p.baseUrl, key: p.operatorKey, timeoutMs: 300_000 });
  const onboard = async (name: string, roles: string[]) => {
    const r = await api.send<{ member: { id: string; address: string }; apiKey: string }>('/v1/members', {
      body: { name, registrationNumber: `FAULT-${name}`, roles },
      label: 'fault-onboard',
    });
    return { member: { id: r.member.id, address: r.member.address, key: r.apiKey }, commands: r.commands };
  };
  const holdersCount = p.holders ?? 0;
  p.progress(`onboarding a bank, ${p.senders} senders, ${p.recipients} recipients${holdersCount ? `, a core enterprise and ${holdersCount} claim holders` : ''}`);
  const all = await Promise.all([
    onboard('Fault Bank', ['bank_gateway']),
    ...Array.from({ length: p.senders }, (_, i) => onboard(`Fault Sender ${i + 1}`, ['supplier'])),
    ...Array.from({ length: p.recipients }, (_, i) => onboard(`Fault Recipient ${i + 1}`, ['supplier'])),
    ...Array.from({ length: holdersCount }, (_, i) => onboard(`Fault Holder ${i + 1}`, ['supplier'])),
    ...(holdersCount ? [onboard('Fault Core', ['core_enterprise'])] : []),
  ]);
  await api.settle(all.flatMap((m) => m.commands), 'onboarding');
  const members = all.map((m) => m.member);
  const bank = members[0]!;
  const senders = members.slice(1, 1 + p.senders);
  const recipients = members.slice(1 + p.senders, 1 + p.senders + p.recipients);
  const holderMembers = members.slice(1 + p.senders + p.recipients, 1 + p.senders + p.recipients + holdersCount);
  const deposits = await Promise.all(
    senders.map((s, i) => api.send('/v1/xt/deposits', { key: bank.key, body: { memberId: s.id, amount: (10n ** 15n).toString(), reference: `FAULT-DEP-${i}-${randomUUID()}` } })),
  );
  await api.settle(deposits.flatMap((d) => d.commands), 'deposits');

  const holders: Fixture['holders'] = [];
  if (holdersCount) {
    const core = members.at(-1)!;
    const { consortiumId, commands } = await api.send<{ consortiumId: string }>('/v1/consortia', { key: core.key, body: { name: 'Fault consortium' } });
    await api.settle(commands, 'consortium');
    const joiners = [...holderMembers, ...recipients];
    const invites = await Promise.all(joiners.map((m) => api.send(`/v1/consortia/${consortiumId}/invitations`, { key: core.key, body: { memberId: m.id } })));
    await api.settle(invites.flatMap((r) => r.commands), 'invitations');
    const accepts = await Promise.all(joiners.map((m) => api.send(`/v1/consortia/${consortiumId}/accept`, { key: m.key })));
    await api.settle(accepts.flatMap((r) => r.commands), 'acceptances');
    await api.post('/v1/credit-lines', { body: { obligorMemberId: core.id, limit: (10n ** 15n).toString() } });
    const rpcNow = Math.floor(Date.now() / 1000);
    const dueDate = new Date((rpcNow + 365 * DAY) * 1000).toISOString().slice(0, 10);
    const payables = await Promise.all(
      holderMembers.map((h, i) =>
        api.send<{ claimId: string }>('/v1/payables', {
          key: core.key,
          body: { supplierMemberId: h.id, consortiumId, invoiceNumber: `FAULT-INV-${i + 1}-${randomUUID()}`, amount: (10n ** 12n).toString(), dueDate, maxHops: 5 },
        }),
      ),
    );
    await api.settle(payables.flatMap((r) => r.commands), 'payables');
    holderMembers.forEach((h, i) => holders.push({ ...h, claimId: payables[i]!.claimId }));
  }
  return { api, bank, senders, recipients, holders };
}

/** `n` XT transfers, round robin over the senders and recipients, amounts 1_000_000 + i. */
export function xtJobs(f: Fixture, n: number, offset = 0): Job[] {
  return Array.from({ length: n }, (_, j) => {
    const i = offset + j;
    const amount = 1_000_000n + BigInt(i);
    return {
      key: `fault-xt-${i}-${randomUUID()}`,
      kind: 'xt' as const,
      by: f.senders[i % f.senders.length]!,
      path: '/v1/xt/transfers',
      body: { toMemberId: f.recipients[i % f.recipients.length]!.id, amount: amount.toString() },
      amount,
      attempts: 0,
    };
  });
}

/** A claim split-transfer of holder `i % holders`, amount 1 + i. */
export function claimJob(f: Fixture, i: number): Job {
  const holder = f.holders[i % f.holders.length]!;
  const amount = 1n + BigInt(i);
  return {
    key: `fault-claim-${i}-${randomUUID()}`,
    kind: 'claim',
    by: holder,
    path: `/v1/claims/${holder.claimId}/transfers`,
    body: { toMemberId: f.recipients[i % f.recipients.length]!.id, amount: amount.toString() },
    amount,
    attempts: 0,
  };
}

/** Waits until no command is accepted or submitted (the operator sees all of them); false if some still are after `timeoutMs`. */
export async function waitForQuiet(api: ApiClient, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [accepted, submitted] = await Promise.all(
      ['accepted', 'submitted'].map((s) => api.get<{ items: Command[] }>(`/v1/commands?status=${s}&limit=1`).catch(() => ({ items: [{} as Command] }))),
    );
    if (accepted!.items.length === 0 && submitted!.items.length === 0) return true;
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Every command with one of `ids`, read a page of 500 at a time. */
export async function commandsById(api: ApiClient, ids: Set<string>): Promise<Map<string, Command>> {
  const found = new Map<string, Command>();
  let cursor: string | null = null;
  do {
    const page: { items: Command[]; nextCursor: string | null } = await api.get(`/v1/commands?limit=500${cursor ? `&cursor=${cursor}` : ''}`);
    for (const c of page.items) if (ids.has(c.id)) found.set(c.id, c);
    cursor = found.size < ids.size ? page.nextCursor : null;
  } while (cursor);
  return found;
}

export interface Tally {
  /** Requests whose command is not confirmed in the end, that never got a 202, or that are not on the chain. */
  lost: number;
  /** Extra landings: a request found on the chain more than once. */
  duplicated: number;
  /** Commands whose status disagrees with the chain (confirmed but not in the chain's block at that height, ...). */
  statusMismatches: number;
  /** Commands confirmed, and the last moment one was confirmed. */
  confirmed: number;
  lastFinishedAt: number;
  failedCodes: Record<string, number>;
}

/**
 * Counts what the chain says about `jobs`: each must have exactly one command, confirmed, whose block is the chain's
 * block at that height and holds its transaction; and its amount must be on the chain exactly once.
 */
export async function tally(p: { api: ApiClient; rpcUrl: string; contracts: Record<string, string>; jobs: Job[] }): Promise<Tally> {
  const client = createPublicClient({ transport: http(p.rpcUrl, { batch: { batchSize: 200 }, timeout: 60_000 }) }) as PublicClient;
  const ids = new Set(p.jobs.flatMap((j) => (j.commandId ? [j.commandId] : [])));
  const commands = await commandsById(p.api, ids);
  const t: Tally = { lost: 0, duplicated: 0, statusMismatches: 0, confirmed: 0, lastFinishedAt: 0, failedCodes: {} };

  // Status against the chain: a confirmed command's block is the chain's, and holds its transaction.
  const confirmed = [...commands.values()].filter((c) => c.status === 'confirmed');
  const heights = [...new Set(confirmed.map((c) => c.blockNumber!))];
  const blocks = new Map<string, { hash: Hex; transactions: readonly Hex[] } | null>();
  for (let i = 0; i < heights.length; i += 500) {
    await Promise.all(
      heights.slice(i, i + 500).map(async (h) => {
        const b = await client.getBlock({ blockNumber: BigInt(h) }).catch(() => null);
        blocks.set(h, b ? { hash: b.hash, transactions: b.transactions as readonly Hex[] } : null);
      }),
    );
  }
  for (const c of commands.values()) {
    if (c.status === 'confirmed') {
      const block = blocks.get(c.blockNumber!);
      if (!block || block.hash !== c.blockHash || !block.transactions.includes(c.txHash as Hex)) t.statusMismatches += 1;
      t.confirmed += 1;
      t.lastFinishedAt = Math.max(t.lastFinishedAt, Date.parse(c.finishedAt!));
    } else if (c.status === 'failed') {
      t.failedCodes[c.error?.code ?? 'unknown'] = (t.failedCodes[c.error?.code ?? 'unknown'] ?? 0) + 1;
      if (c.txHash && c.blockNumber === null) {
        const receipt = await client.getTransactionReceipt({ hash: c.txHash as Hex }).catch(() => null);
        if (receipt) t.statusMismatches += 1; // failed, yet its transaction is on the chain
      }
    } else {
      t.statusMismatches += 1; // still open: the run waited for every command to finish
    }
  }

  // Landings on the chain, by amount: XT Transfer(from, to, value); ClaimLedger Transfer(caller, sender, receiver, id, amount).
  const contracts = p.contracts;
  const landed = new Map<string, number>();
  const count = (key: string) => landed.set(key, (landed.get(key) ?? 0) + 1);
  const head = await client.getBlockNumber();
  const window = 5_000n;
  for (let from = 0n; from <= head; from += window) {
    const to = from + window - 1n < head ? from + window - 1n : head;
    if (contracts.SettlementToken) {
      const logs = await client.getContractEvents({ address: contracts.SettlementToken as Address, abi: contractSuite.abi('SettlementToken'), eventName: 'Transfer', fromBlock: from, toBlock: to });
      for (const l of logs as Array<{ args: { from?: string; value?: bigint } }>) count(`xt:${l.args.from?.toLowerCase()}:${l.args.value}`);
    }
    if (contracts.ClaimLedger) {
      const logs = await client.getContractEvents({ address: contracts.ClaimLedger as Address, abi: contractSuite.abi('ClaimLedger'), eventName: 'Transfer', fromBlock: from, toBlock: to });
      for (const l of logs as Array<{ args: { sender?: string; amount?: bigint } }>) count(`claim:${l.args.sender?.toLowerCase()}:${l.args.amount}`);
    }
  }
  for (const j of p.jobs) {
    const n = landed.get(`${j.kind}:${j.by.address.toLowerCase()}:${j.amount}`) ?? 0;
    if (n > 1) t.duplicated += n - 1;
    // Lost: never accepted, not confirmed in the end, or (whatever its status says) not on the chain.
    if (!j.commandId || commands.get(j.commandId)?.status !== 'confirmed' || n === 0) t.lost += 1;
  }
  return t;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
