import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { encodeFunctionData, type Abi, type Address } from 'viem';
import { revertDataOf, type DecodedRevert } from '../../src/chain/decodeRevert.ts';
import { decodeRevert as decodeRevertData } from '../../src/platform/modules.ts';
import type { TestPlatform } from './platform.ts';

/** A fresh Idempotency-Key. */
export const newKey = (label = 'k') => `${label.replace(/[^A-Za-z0-9._:-]/g, '_').slice(0, 60)}-${randomBytes(6).toString('hex')}`;

export interface Accepted<T = any> {
  status: number;
  body: T;
  /** The commands, each driven to `confirmed` or `failed` (empty unless the request was accepted). */
  commands: any[];
}

/**
 * Sends a command-creating POST with a fresh Idempotency-Key; when it is accepted (202), waits until its
 * commands are confirmed or failed and the indexer has caught up.
 */
export async function post<T = any>(t: TestPlatform, path: string, p: { key?: string; body?: unknown } = {}): Promise<Accepted<T>> {
  const r = await t.api<T>('POST', path, { key: p.key, body: p.body, idempotencyKey: newKey('e2e') });
  if (r.status !== 202) return { status: r.status, body: r.body, commands: [] };
  const commands = await t.settle((r.body as { commands: Array<{ id: string }> }).commands);
  return { status: r.status, body: r.body, commands };
}

/** Like `post`, but every command must be confirmed. */
export async function postConfirmed<T = any>(t: TestPlatform, path: string, p: { key?: string; body?: unknown } = {}): Promise<Accepted<T>> {
  const r = await post<T>(t, path, p);
  assert.equal(r.status, 202, `POST ${path}: ${r.status} ${JSON.stringify(r.body)}`);
  for (const c of r.commands) assert.equal(c.status, 'confirmed', `${c.kind} ${c.status}: ${JSON.stringify(c.error)}`);
  return r;
}

/** Asserts an error response: status, `error.code`, and (when given) `error.details.field`. */
export function assertError(r: { status: number; body: any }, status: number, code: string, field?: string): void {
  assert.equal(r.status, status, `expected ${status} ${code}, got ${r.status} ${JSON.stringify(r.body)}`);
  assert.equal(r.body?.error?.code, code, JSON.stringify(r.body));
  if (field !== undefined) assert.equal(r.body.error.details?.field, field, JSON.stringify(r.body));
}

/** Polls `check` until it returns a value other than undefined/false, or fails after `timeoutMs`. */
export async function waitFor<T>(what: string, check: () => Promise<T | undefined | false>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let delay = 20;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, delay));
    delay = Math.min(delay * 2, 200);
  }
}

/**
 * Simulates a contract call from `account` (eth_call, nothing is sent) and returns the decoded revert, or null
 * when the call would succeed. Used to show what the chain itself refuses, without touching any signer's nonce.
 */
export async function simulateRevert(
  t: TestPlatform,
  p: { account: string; to: string; abi: Abi; functionName: string; args: readonly unknown[] },
): Promise<DecodedRevert | null> {
  const data = encodeFunctionData({ abi: p.abi, functionName: p.functionName, args: p.args as unknown[] });
  try {
    await t.client.call({ account: p.account as Address, to: p.to as Address, data });
    return null;
  } catch (error) {
    const revert = revertDataOf(error);
    assert.ok(revert, `eth_call ${p.functionName} failed without revert data: ${String(error)}`);
    return decodeRevertData(revert);
  }
}
