/**
 * A failed command shows its contract error with a sentence a person can read (each module's contracts.ts). Every
 * custom error of every deployed contract must have one, so a new error cannot reach a client as its bare name.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { encodeErrorResult, type Abi, type AbiParameter } from 'viem';
import { contractSuite, decodeRevert as decodeRevertData } from '../src/platform/modules.ts';

const allErrorsAbi = contractSuite.errorsAbi;

type AbiError = Extract<Abi[number], { type: 'error' }>;

const sample = (p: AbiParameter): unknown => {
  if (p.type === 'address') return '0x00000000000000000000000000000000000000a1';
  if (p.type === 'string') return 'field';
  if (p.type === 'bool') return true;
  if (p.type.startsWith('bytes')) return `0x${'ab'.repeat(32)}`;
  return 1n;
};

test('every custom error of the suite decodes to its name, its arguments and an explanation', () => {
  const errors = allErrorsAbi.filter((item: Abi[number]): item is AbiError => item.type === 'error');
  assert.ok(errors.length > 50, `only ${errors.length} errors found`);
  const unexplained: string[] = [];
  for (const error of errors) {
    const data = encodeErrorResult({ abi: [error], errorName: error.name, args: error.inputs.map(sample) } as never);
    const decoded = decodeRevertData(data);
    assert.equal(decoded.name, error.name);
    assert.deepEqual(Object.keys(decoded.args), error.inputs.map((input, i) => input.name || `arg${i}`));
    if (decoded.message === error.name || decoded.message.length < 15) unexplained.push(error.name);
  }
  assert.deepEqual(unexplained, [], "errors without an explanation (in the module's contracts.ts, or src/chain/decodeRevert.ts for OpenZeppelin's)");
});
