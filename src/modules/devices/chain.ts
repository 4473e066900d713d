/**
 * What the device use cases read on-chain before they enqueue anything, and the ids computed as the contracts compute
 * them (so an id is answered at once). The contracts still decide: a race shows up as a failed command.
 */
import { encodeAbiParameters, keccak256, toHex, type Address } from 'viem';
import { chainRead } from '../../chain/reads.ts';
import { RuleViolationError } from '../../common/errors.ts';
import type { ModuleContext } from '../../platform/context.ts';
import { deviceRegistry } from './contracts.ts';

/** DeviceRegistry.deviceIdFor: uint256(keccak256(abi.encode(manufacturer, keccak256(serial)))). */
export const deviceIdFor = (manufacturer: Address, serial: string): bigint =>
  BigInt(keccak256(encodeAbiParameters([{ type: 'address' }, { type: 'bytes32' }], [manufacturer, keccak256(toHex(serial))])));

/** A device id as stored and answered: 0x + 64 lower-case hex digits. */
export const deviceIdHex = (id: bigint): string => `0x${id.toString(16).padStart(64, '0')}`;

/** Serial numbers are compared as written, after trimming and upper-casing (`sn-1 ` is `SN-1`). */
export const normalizeSerial = (serial: string) => serial.trim().toUpperCase();

/** The device registered under `id`, or null (DeviceRegistry.deviceOf reverts with DeviceUnknown). */
export async function deviceOnChain(ctx: ModuleContext, id: bigint) {
  try {
    return await chainRead(ctx, ctx.client.readContract({ ...deviceRegistry(ctx), functionName: 'deviceOf', args: [id] }));
  } catch (error) {
    if (error instanceof RuleViolationError && error.code === 'device_unknown') return null;
    throw error;
  }
}

/** The device a signing key was ever given to (0 when none). */
export const keyUsedBy = (ctx: ModuleContext, key: Address) =>
  chainRead(ctx, ctx.client.readContract({ ...deviceRegistry(ctx), functionName: 'keyUsedBy', args: [key] }));

/** A manufacturer's XT deposit. */
export const depositOf = (ctx: ModuleContext, manufacturer: Address) =>
  chainRead(ctx, ctx.client.readContract({ ...deviceRegistry(ctx), functionName: 'depositOf', args: [manufacturer] }));
