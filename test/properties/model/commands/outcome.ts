/**
 * What every command does with its prediction: compare it with what the chain said, and count the outcome for the
 * statistics each test prints.
 */
import assert from 'node:assert/strict';
import type { Address } from 'viem';
import { abi, type TxResult } from '../../setup.ts';
import type { Model } from '../state.ts';

/** A predicted failure: the custom error name and, where it tells which check failed, its `field`. */
export type Fail = { error: string; field?: string };

export function bump(m: Model, key: string): void {
  m.stats.set(key, (m.stats.get(key) ?? 0) + 1);
}

export function assertOutcome(m: Model, what: string, r: TxResult, expected: Fail | null): void {
  const actual = r.ok ? 'ok' : `${r.error.name}${r.error.args.field !== undefined ? `(${String(r.error.args.field)})` : ''}`;
  const wanted = expected === null ? 'ok' : `${expected.error}${expected.field !== undefined ? `(${expected.field})` : ''}`;
  bump(m, `${what}:${actual}`);
  assert.equal(actual, wanted, `${what}: expected ${wanted}, chain said ${actual}${r.ok ? '' : ` — ${r.error.message}`} (tx ${r.hash})`);
}

export function readLedger(m: Model) {
  const { client, addresses } = m.f;
  return {
    balance: (holder: Address, id: bigint) => client.readContract({ address: addresses.ledger, abi: abi.ledger, functionName: 'balanceOf', args: [holder, id] }),
    supply: (id: bigint) => client.readContract({ address: addresses.ledger, abi: abi.ledger, functionName: 'totalSupply', args: [id] }),
    xt: (a: Address) => client.readContract({ address: addresses.xt, abi: abi.xt, functionName: 'balanceOf', args: [a] }),
  };
}
