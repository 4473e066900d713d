/**
 * A device reading, its hash, its signature and its Merkle leaf, computed exactly as contracts/devices/
 * ITelemetryAnchor.sol defines them (reading.test.ts compares every one with the contract's own functions).
 */
import { concat, encodeAbiParameters, hashMessage, keccak256, recoverAddress, type Address, type Hex } from 'viem';
import type { LocalAccount } from 'viem/accounts';

/** A reading as a device reports it (the fields of ITelemetryAnchor.Reading). */
export interface Reading {
  deviceId: bigint;
  /** Strictly increasing per device. */
  seq: bigint;
  /** Unix seconds, as the device's clock says. */
  time: number;
  /** Cumulative usage (the hour meter), thousandths of an hour. */
  usageMilliHours: bigint;
  latE6: number;
  lonE6: number;
  /** 0 ok, 1 warning, 2 fault. */
  status: number;
}

export const readingStatuses = ['ok', 'warning', 'fault'] as const;
export type ReadingStatus = (typeof readingStatuses)[number];

const readingTypes = [
  { type: 'uint256' }, { type: 'uint64' }, { type: 'uint40' }, { type: 'uint64' }, { type: 'int32' }, { type: 'int32' }, { type: 'uint8' },
] as const;

/** keccak256(abi.encode(deviceId, seq, time, usageMilliHours, latE6, lonE6, status)): what the device signs. */
export const readingHash = (r: Reading): Hex =>
  keccak256(encodeAbiParameters(readingTypes, [r.deviceId, r.seq, r.time, r.usageMilliHours, r.latE6, r.lonE6, r.status]));

/** The device's signature: EIP-191 personal message whose 32 raw bytes are the reading hash. */
export const signReading = (device: Pick<LocalAccount, 'signMessage'>, r: Reading): Promise<Hex> =>
  device.signMessage({ message: { raw: readingHash(r) } });

/** Who signed `r` with `signature` (throws on a malformed signature). */
export const readingSigner = async (r: Reading, signature: Hex): Promise<Address> =>
  (await recoverAddress({ hash: hashMessage({ raw: readingHash(r) }), signature })).toLowerCase() as Address;

/** keccak256(bytes.concat(keccak256(abi.encode(readingHash, keccak256(signature))))): the Merkle leaf. */
export const readingLeaf = (r: Reading, signature: Hex): Hex =>
  keccak256(concat([keccak256(encodeAbiParameters([{ type: 'bytes32' }, { type: 'bytes32' }], [readingHash(r), keccak256(signature)]))]));

/** Checks the field ranges the contract's types impose; the name of the first field out of range, or null. */
export function readingOutOfRange(r: Reading): keyof Reading | null {
  const U64 = (1n << 64n) - 1n;
  if (r.deviceId <= 0n || r.deviceId >= 1n << 256n) return 'deviceId';
  if (r.seq < 0n || r.seq > U64) return 'seq';
  if (!Number.isInteger(r.time) || r.time < 0 || r.time >= 2 ** 40) return 'time';
  if (r.usageMilliHours < 0n || r.usageMilliHours > U64) return 'usageMilliHours';
  if (!Number.isInteger(r.latE6) || r.latE6 < -90_000_000 || r.latE6 > 90_000_000) return 'latE6';
  if (!Number.isInteger(r.lonE6) || r.lonE6 < -180_000_000 || r.lonE6 > 180_000_000) return 'lonE6';
  if (!Number.isInteger(r.status) || r.status < 0 || r.status > 2) return 'status';
  return null;
}
