/**
 * The device contracts' rows of the on-chain authorization matrix (test/authorization.test.ts): what a fresh outside
 * account meets calling each state-changing function of DeviceRegistry and TelemetryAnchor.
 */
import type { Address, Hex } from 'viem';
import type { AuthorizationFixture } from './authorization.ts';

type Gate = 'owner' | 'certifier' | 'member role' | 'platform contract' | 'named party' | 'open';
interface ChainRow {
  gate: Gate;
  args: (f: AuthorizationFixture, outsider: Address) => readonly unknown[];
  expect: ((f: AuthorizationFixture, outsider: Address) => [string, Record<string, unknown>?]) | 'succeeds';
}

const ZERO32 = `0x${'0'.repeat(64)}` as Hex;
const spender = '0x000000000000000000000000000000000000dEaD';

export function devicesChainRows(ref: (label: string) => Hex): Record<string, Record<string, ChainRow>> {
  const caller = (name: string) => (_f: AuthorizationFixture, o: Address) => [name, { caller: o }] as [string, Record<string, unknown>];
  return {
    DeviceRegistry: {
      register: { gate: 'member role', args: (_f, o) => ['cnc-mill', 'AUTHZ-MODEL', 'AUTHZ-SERIAL', ZERO32, o, 1n], expect: caller('NotManufacturer') },
      rotateKey: { gate: 'named party', args: () => [1n, spender], expect: () => ['DeviceUnknown', { id: '1' }] },
      setCustodian: { gate: 'owner', args: (_f, o) => [o, true], expect: caller('NotRegistryOperator') },
      postDeposit: { gate: 'member role', args: () => [1n], expect: caller('NotManufacturer') },
      // The caller's own deposit: the outsider has none.
      withdrawDeposit: { gate: 'named party', args: () => [1n], expect: (_f, o) => ['DepositTooLow', { manufacturer: o, requested: '1', available: '0' }] },
      slashDeposit: { gate: 'owner', args: (_f, o) => [o, 1n, o, ZERO32], expect: caller('NotRegistryOperator') },
      approve: { gate: 'named party', args: () => [spender, 1n], expect: () => ['ERC721NonexistentToken', { tokenId: '1' }] },
      transferFrom: { gate: 'named party', args: (f, o) => [o, f.by.supplier.address, 1n], expect: () => ['ERC721NonexistentToken', { tokenId: '1' }] },
      safeTransferFrom: { gate: 'named party', args: (f, o) => [o, f.by.supplier.address, 1n], expect: () => ['ERC721NonexistentToken', { tokenId: '1' }] },
      setApprovalForAll: { gate: 'open', args: () => [spender, true], expect: 'succeeds' },
    },
    TelemetryAnchor: {
      anchor: { gate: 'owner', args: () => [ref('root'), 1, 1, 1], expect: caller('NotAnchorer') },
      setAnchorer: { gate: 'owner', args: (_f, o) => [o, true], expect: caller('NotRegistryOperator') },
    },
  };
}
