/**
 * Model-based property tests of the claims suite against a real anvil (no mocks). Each test draws random
 * command sequences (issue, submit/confirm/reject, transfer, modify, offer + sell, suspend/reinstate, advance
 * time, pay, redeem, credit line, deposit, withdraw), runs them from the same snapshot, and after EVERY command
 * checks the whole chain against the model and the conservation laws (see model/, `checkInvariants`):
 *
 *  1. value conservation per id: Σ balanceOf = totalSupply = minted − burned, for every id (roots and children);
 *  2. tree conservation: Σ totalSupply over a root's tree = face − units burned at redemption;
 *  3. modify never creates value and never widens terms (ModifyWidensTerms, exact parent/child supply deltas);
 *  4. no double financing: used invoice keys / document hashes always revert; no issuance beyond the credit line;
 *  5. XT conservation: totalSupply = Σ Deposited − Σ Withdrawn; Receivables holds paid − distributed; no holding
 *     receives more than its units; fully paid and redeemed ⇒ distributed == paid;
 *  6. DvP: a sale moves the claim and the price both, or neither;
 *  7. recipients: non-members and suspended members never receive; matured claims never move; hops ≤ maxHops;
 *  8. late interest and guarantees: after the due date the unpaid principal accrues interest exactly as the model
 *     computes it (Receivables.owed equals it after every command), a payment settles interest first and never
 *     exceeds principal + interest, the credit line is freed by principal only, every XT paid in (principal and
 *     interest) is shared pro rata — XT paid out ≤ XT paid in, per root paid-out + residue = paid-in, interest only
 *     from accrual events — and only the obligor or the guarantor of a claim issued under an accepted guarantee pays.
 *
 * The tests differ only in the mix of commands, to spend each one's runs where its property is exercised.
 * A failure prints fast-check's seed and path; replay with FC_SEED=<seed> FC_PATH=<path> (FC_RUNS scales runs).
 */
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import { startFixture, type Fixture } from './setup.ts';
import { Model, Step, firstIssueArb, specArb, type Spec, type SpecKind, type Stats } from './model/index.ts';

const MAX_COMMANDS = 12;
const runScale = Number(process.env.FC_RUNS ?? '1');

/** The operator names the fixture's guarantor on the core's line and the guarantor accepts: claims issued next are guaranteed. */
const guaranteedLine: Spec[] = [
  { t: 'guarantee', action: 'propose', by: 0, who: 'guarantor' },
  { t: 'guarantee', action: 'accept', by: 0, who: 'guarantor' },
];

const profiles: Array<{ name: string; runs: number; weights: Partial<Record<SpecKind, number>>; opening?: Spec[] }> = [
  {
    name: 'all commands: properties 1–7 hold after every command',
    runs: 25,
    weights: { issue: 3, submit: 2, confirm: 2, reject: 1, transfer: 4, modify: 3, sell: 3, suspend: 1, time: 3, pay: 3, redeem: 3, credit: 1, deposit: 1, withdraw: 1, guarantee: 1 },
  },
  {
    name: 'property 3: modify never creates value and never widens terms',
    runs: 15,
    weights: { issue: 2, modify: 9, transfer: 2, suspend: 1, time: 1 },
  },
  {
    name: 'property 4: no double financing, no issuance beyond the credit line',
    runs: 15,
    weights: { submit: 5, issue: 5, confirm: 4, reject: 2, credit: 2, pay: 2, suspend: 1, time: 1 },
  },
  {
    name: 'properties 1, 2, 5: settlement conserves claims and XT',
    runs: 20,
    weights: { issue: 1, transfer: 3, modify: 2, time: 6, pay: 6, redeem: 8, deposit: 1, withdraw: 1, suspend: 1 },
  },
  {
    name: 'property 8: late interest accrues and is shared exactly; guarantors pay like obligors',
    runs: 25,
    opening: guaranteedLine,
    weights: { issue: 4, guarantee: 7, time: 6, pay: 8, redeem: 5, transfer: 1, modify: 1, suspend: 1, credit: 1 },
  },
  {
    name: 'property 6: a sale is delivery versus payment',
    runs: 15,
    weights: { issue: 2, sell: 9, transfer: 1, deposit: 1, withdraw: 2, suspend: 1, time: 1 },
  },
  {
    name: 'property 7: recipients, maturity and transfer depth',
    runs: 15,
    weights: { issue: 2, transfer: 9, modify: 2, suspend: 2, time: 2 },
  },
];

describe('claims suite: model-based properties on anvil', () => {
  let f: Fixture;
  before(async () => {
    f = await startFixture();
  });
  after(async () => {
    await f?.stop();
  });

  for (const p of profiles) {
    test(p.name, async (t) => {
      const stats: Stats = new Map();
      const numRuns = Math.max(1, Math.round(p.runs * runScale));
      let commands = 0;
      const started = Date.now();
      await fc.assert(
        fc.asyncProperty(firstIssueArb, fc.commands([specArb(p.weights).map((s) => new Step(s))], { maxCommands: MAX_COMMANDS, size: 'max' }), async (first, cmds) => {
          await f.chain.resetToSnapshot();
          const model = await Model.initial(f, stats);
          const all = function* () {
            for (const spec of p.opening ?? []) yield new Step(spec);
            yield new Step(first);
            for (const c of cmds) {
              commands += 1;
              yield c;
            }
          };
          await fc.asyncModelRun(() => ({ model, real: f }), all());
        }),
        {
          numRuns,
          seed: process.env.FC_SEED === undefined ? undefined : Number(process.env.FC_SEED),
          path: process.env.FC_PATH,
        },
      );
      const outcomes = [...stats.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => `${k}=${v}`);
      t.diagnostic(`${numRuns} runs, ${commands} random commands (+1 opening issue per run) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      t.diagnostic(`outcomes: ${outcomes.join(' ')}`);
    });
  }
});
