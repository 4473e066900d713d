/**
 * A command: resolve the spec's picks against the model, predict the outcome from the documented rules (the exact
 * custom error of the first failing check, or success and the new state), send the transaction to anvil, assert that
 * the chain did exactly that, then apply the prediction to the model. One file per area of the suite.
 */
import type { Spec } from '../specs.ts';
import type { Model } from '../state.ts';
import { deposit, withdraw } from './currency.ts';
import { modify, transfer } from './claims.ts';
import { guarantee, setCredit } from './creditLine.ts';
import { suspend } from './identity.ts';
import { sell } from './market.ts';
import { pay, redeem } from './settlement.ts';
import { advance } from './time.ts';
import { confirm, issueOrSubmit, reject } from './trades.ts';

export async function execute(m: Model, s: Spec): Promise<void> {
  switch (s.t) {
    case 'submit':
    case 'issue':
      return issueOrSubmit(m, s);
    case 'confirm':
      return confirm(m, s);
    case 'reject':
      return reject(m, s);
    case 'transfer':
      return transfer(m, s);
    case 'modify':
      return modify(m, s);
    case 'sell':
      return sell(m, s);
    case 'suspend':
      return suspend(m, s);
    case 'guarantee':
      return guarantee(m, s);
    case 'time':
      return advance(m, s);
    case 'pay':
      return pay(m, s);
    case 'redeem':
      return redeem(m, s);
    case 'credit':
      return setCredit(m, s);
    case 'deposit':
      return deposit(m, s);
    case 'withdraw':
      return withdraw(m, s);
  }
}
