import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { keccak256, toHex } from 'viem';
import { formatMajorUnits, parseMajorUnits } from '../../domain/money.ts';
import { CliError } from '../errors.ts';
import { amountValue, dateValue, instantValue, integerValue, keccak256Text, namedIdValue } from './values.ts';

describe('amounts on the command line: XT major units ↔ minor units, by string arithmetic', () => {
  test('parseMajorUnits reads plain and grouped amounts with up to 2 decimals', () => {
    const cases: Array<[string, bigint]> = [
      ['1000000.00', 100_000_000n],
      ['1,000,000.00', 100_000_000n],
      ['1,000,000', 100_000_000n],
      ['1000000', 100_000_000n],
      ['0.5', 50n],
      ['0.05', 5n],
      ['12.3', 1230n],
      [' 7 ', 700n],
      ['0', 0n],
      // Far beyond a double's exact range: no float is ever involved.
      ['123456789012345678901234567890.99', 12345678901234567890123456789099n],
    ];
    for (const [text, minor] of cases) assert.equal(parseMajorUnits(text), minor, text);
  });

  test('parseMajorUnits refuses what is not an amount', () => {
    for (const text of ['', '1.234', '-1', '1e6', '.5', '5.', '1,00', '1,0000', '10,00.00', '1 000', '0x10', 'abc', '1.2.3', '+1']) {
      assert.throws(() => parseMajorUnits(text), RangeError, text);
    }
  });

  test('formatMajorUnits groups thousands and shows 2 decimals; round-trips', () => {
    assert.equal(formatMajorUnits('100000000'), '1,000,000.00');
    assert.equal(formatMajorUnits(5n), '0.05');
    assert.equal(formatMajorUnits('0'), '0.00');
    assert.equal(formatMajorUnits(-123456n), '-1,234.56');
    for (const minor of [0n, 1n, 99n, 100n, 123_456_789n, 10n ** 30n + 7n]) assert.equal(parseMajorUnits(formatMajorUnits(minor)), minor);
  });

  test('amountValue: a bad amount or zero is a usage error (exit 2) naming the argument', () => {
    assert.equal(amountValue('amount', '2,500.75'), '250075');
    assert.equal(amountValue('limit', '0', { allowZero: true }), '0');
    for (const text of ['0', '0.00', '1.001', 'ten']) {
      assert.throws(() => amountValue('amount', text), (e: unknown) => e instanceof CliError && e.exitCode === 2 && /^amount: /.test(e.message), text);
    }
  });

  test('integers, dates and instants', () => {
    assert.equal(integerValue('--max-hops', '3', { max: 255 }), 3);
    assert.throws(() => integerValue('--max-hops', '256', { max: 255 }), CliError);
    assert.throws(() => integerValue('--rate-bps', '5.5'), CliError);
    assert.equal(dateValue('--due', '2030-01-31'), '2030-01-31');
    assert.throws(() => dateValue('--due', '31/01/2030'), CliError);
    const now = () => Date.parse('2030-01-01T00:00:00Z');
    assert.equal(instantValue('--expires', '30d', now), '2030-01-31T00:00:00.000Z');
    assert.equal(instantValue('--expires', '12h', now), '2030-01-01T12:00:00.000Z');
    assert.equal(instantValue('--expires', '2030-02-01'), '2030-02-01T00:00:00.000Z');
    assert.equal(instantValue('--expires', '2030-02-01T10:00:00+02:00'), '2030-02-01T08:00:00.000Z');
    assert.throws(() => instantValue('--expires', 'tomorrow'), CliError);
  });
});

describe('ids given by name', () => {
  test('keccak256Text hashes as viem does, multi-byte characters included', () => {
    for (const text of ['', 'listing:cli-1', 'pool:Q3 2030', 'lease:设备-7', 'service:🚜', 'x'.repeat(200)]) {
      assert.equal(keccak256Text(text), keccak256(toHex(text)), text);
    }
  });

  test('namedIdValue takes a bytes32 id as given and hashes a name with its kind', () => {
    const id = `0x${'ab'.repeat(32)}`;
    assert.equal(namedIdValue('pool', id), id);
    assert.equal(namedIdValue('pool', 'cli-pool'), keccak256(toHex('pool:cli-pool')));
    assert.equal(namedIdValue('listing', '0xab'), keccak256(toHex('listing:0xab')));
  });
});
