import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Address } from 'viem';
import { startDevnet, type Devnet, type StartDevnetParameters } from '../../src/chain/devnet.ts';
import { findGeth, type GethBinary } from '../../src/chain/geth.ts';

let found: { geth: GethBinary } | { skip: string } | undefined;

/**
 * geth v1.13.15 for the tests on a real multi-node network: found on PATH, or, locally, `{ skip }` with a message that
 * says how to get it. When CI is set a missing geth is an error, never a silent skip (as PostgreSQL in databases.ts).
 * Use: `const g = gethForTests(); describe('…', { skip: 'skip' in g ? g.skip : false }, () => …)`.
 */
export function gethForTests(): { geth: GethBinary } | { skip: string } {
  if (found) return found;
  try {
    found = { geth: findGeth() };
  } catch (error) {
    const message = (error as Error).message;
    if (process.env.CI) throw new Error(`geth is required when CI is set (.ci/run builds it): ${message}`);
    console.warn(`warning: ${message}; skipping the tests that run a geth network`);
    found = { skip: `no geth v1.13 on PATH (${message})` };
  }
  return found;
}

/** A devnet in a temporary directory, on free ports; `close()` stops its nodes (by their pids) and removes it. */
export async function startTestDevnet(
  p: { geth: GethBinary; fund: Address[] } & Partial<StartDevnetParameters>,
): Promise<Devnet & { close(): Promise<void> }> {
  const dir = p.dir ?? mkdtempSync(join(tmpdir(), `tierchain-devnet-${process.pid}-`));
  // What the launcher does on its own later (a Clique stall resolved) is printed as a figure line.
  const devnet = await startDevnet({ onProgress: (m) => (m.startsWith('devnet:') ? console.log(`# ${m}`) : undefined), ...p, dir, rpcPort: 0 });
  return {
    ...devnet,
    async close() {
      await devnet.stop();
      if (!p.dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}
