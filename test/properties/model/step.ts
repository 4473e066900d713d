/** The fast-check command: one model command, then every invariant. */
import type fc from 'fast-check';
import type { Fixture } from '../setup.ts';
import { execute } from './commands/index.ts';
import { checkInvariants } from './invariants.ts';
import { describeSpec, type Spec } from './specs.ts';
import type { Model } from './state.ts';

export class Step implements fc.AsyncCommand<Model, Fixture> {
  constructor(readonly spec: Spec) {}
  check(): boolean {
    return true;
  }
  async run(m: Model): Promise<void> {
    await execute(m, this.spec);
    await checkInvariants(m);
  }
  toString(): string {
    return describeSpec(this.spec);
  }
}
