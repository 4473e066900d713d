/** Devices: a certified manufacturer registers each one as a token, and posts or withdraws its XT deposit. */
import { randomUUID } from 'node:crypto';
import type { Address, Hex } from 'viem';
import type { Queryable } from '../../../db/database.ts';
import { contractCall, enqueueCommands } from '../../../ledger/commands.ts';
import { ConflictError, ForbiddenError, RuleViolationError, ValidationError } from '../../../common/errors.ts';
import type { ModuleContext } from '../../../platform/context.ts';
import { requireActingUser, requireActiveMember, type Principal } from '../../identity/index.ts';
import { xtBalance } from '../../currency/index.ts';
import { deviceIdFor, deviceIdHex, deviceOnChain, depositOf, keyUsedBy, normalizeSerial } from '../chain.ts';
import { deviceRegistry } from '../contracts.ts';

const ZERO32 = `0x${'0'.repeat(64)}` as Hex;

export interface RegisterDeviceParameters {
  equipmentType: string;
  model: string;
  serial: string;
  specHash?: Hex;
  /** The address of the device's own signing key. */
  deviceKey: Address;
  salvageValue: bigint;
}

function requireManufacturer(by: Principal, what: string) {
  if (!by.memberRoles.includes('manufacturer')) throw new ForbiddenError(`only a certified manufacturer can ${what}`, {}, 'NotManufacturer');
}

/** A certified manufacturer registers a device it made; one serial one token, one key one device, ever. */
export async function registerDevice(ctx: ModuleContext, tx: Queryable, by: Principal, p: RegisterDeviceParameters) {
  requireManufacturer(by, 'register devices');
  requireActingUser(by);
  await requireActiveMember(tx, by);
  const serial = normalizeSerial(p.serial);
  const equipmentType = p.equipmentType.trim().toLowerCase();
  const model = p.model.trim();
  if (BigInt(p.deviceKey) === 0n) throw new ValidationError('body.deviceKey', 'the device key cannot be the zero address');
  if (p.salvageValue >= 1n << 128n) throw new ValidationError('body.salvageValue', 'must be below 2^128');
  const manufacturer = by.memberAddress as Address;
  const id = deviceIdFor(manufacturer, serial);
  if (await deviceOnChain(ctx, id)) {
    throw new ConflictError('DeviceSerialUsed', `serial ${serial} is already registered by you as device ${deviceIdHex(id)}: one serial, one token`, { field: 'serial', deviceId: deviceIdHex(id) });
  }
  const usedBy = await keyUsedBy(ctx, p.deviceKey);
  if (usedBy !== 0n) {
    throw new ConflictError('DeviceKeyUsed', `key ${p.deviceKey} already belongs (or belonged) to device ${deviceIdHex(usedBy)}; every device needs its own key`, { field: 'deviceKey', deviceId: deviceIdHex(usedBy) });
  }
  const deviceId = deviceIdHex(id);
  const commandId = randomUUID();
  await tx.query(
    `INSERT INTO device_texts (device_id, equipment_type, model, serial, command_id) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (device_id) DO UPDATE SET equipment_type = EXCLUDED.equipment_type, model = EXCLUDED.model, command_id = EXCLUDED.command_id`,
    [deviceId, equipmentType, model, serial, commandId],
  );
  const commandIds = await enqueueCommands(tx, [
    contractCall({
      id: commandId,
      kind: 'devices.register',
      signer: manufacturer,
      target: deviceRegistry(ctx),
      functionName: 'register',
      args: [equipmentType, model, serial, p.specHash ?? ZERO32, p.deviceKey, p.salvageValue],
      requestedBy: by.userId,
    }),
  ]);
  return { commandIds, deviceId };
}

/** A manufacturer posts XT as a security deposit (it raises its credit). */
const UINT128 = 1n << 128n;

export async function postDeposit(ctx: ModuleContext, tx: Queryable, by: Principal, amount: bigint) {
  if (amount >= UINT128) throw new ValidationError('body.amount', 'must be below 2^128');
  requireManufacturer(by, 'post a device deposit');
  requireActingUser(by);
  await requireActiveMember(tx, by);
  const balance = await xtBalance(ctx, by.memberAddress as Address);
  if (balance < amount) throw new RuleViolationError('ERC20InsufficientBalance', `your XT balance is ${balance}; the deposit needs ${amount}`, { field: 'amount', balance: String(balance) });
  const commandIds = await enqueueCommands(tx, [
    contractCall({ kind: 'devices.postDeposit', signer: by.memberAddress as Address, target: deviceRegistry(ctx), functionName: 'postDeposit', args: [amount], requestedBy: by.userId }),
  ]);
  return { commandIds };
}

/** A manufacturer takes back (part of) its deposit. */
export async function withdrawDeposit(ctx: ModuleContext, tx: Queryable, by: Principal, amount: bigint) {
  if (amount >= UINT128) throw new ValidationError('body.amount', 'must be below 2^128');
  requireActingUser(by);
  await requireActiveMember(tx, by);
  const available = await depositOf(ctx, by.memberAddress as Address);
  if (available < amount) throw new RuleViolationError('DepositTooLow', `you have ${available} deposited; ${amount} cannot be withdrawn`, { field: 'amount', available: String(available) });
  const commandIds = await enqueueCommands(tx, [
    contractCall({ kind: 'devices.withdrawDeposit', signer: by.memberAddress as Address, target: deviceRegistry(ctx), functionName: 'withdrawDeposit', args: [amount], requestedBy: by.userId }),
  ]);
  return { commandIds };
}
