import { addressOf, type ContractPart } from '../../chain/contracts.ts';
import type { RevertExplanations } from '../../chain/decodeRevert.ts';
import type { ModuleContext } from '../../platform/context.ts';
import { deviceRegistryAbi, deviceRegistryBytecode, telemetryAnchorAbi, telemetryAnchorBytecode } from './generated/index.ts';

/**
 * Devices as ERC-721 tokens (contracts/devices/DeviceRegistry.sol) and the anchor of signed telemetry
 * (TelemetryAnchor.sol). The registry holds manufacturers' XT deposits, so it is registered as a platform contract;
 * the anchor's first anchorer is the operator, the signer the platform's anchorer sends batches with.
 */
export const devicesContracts: ContractPart = {
  logical: [
    { name: 'DeviceRegistry', abi: deviceRegistryAbi },
    { name: 'TelemetryAnchor', abi: telemetryAnchorAbi },
  ],
  deploy: [
    {
      name: 'DeviceRegistry',
      abi: deviceRegistryAbi,
      bytecode: deviceRegistryBytecode,
      serves: ['DeviceRegistry'],
      needs: ['MemberRegistry', 'SettlementToken'],
      args: ({ deployed }) => [deployed.MemberRegistry, deployed.SettlementToken],
    },
    {
      name: 'TelemetryAnchor',
      abi: telemetryAnchorAbi,
      bytecode: telemetryAnchorBytecode,
      serves: ['TelemetryAnchor'],
      needs: ['MemberRegistry', 'DeviceRegistry'],
      args: ({ deployed, operator }) => [deployed.MemberRegistry, deployed.DeviceRegistry, operator],
    },
  ],
  configure: [
    {
      // Deposits are XT the registry holds; a platform contract may hold XT and pull it without an allowance.
      describe: (d) => `registered DeviceRegistry ${d.DeviceRegistry} as a platform contract (holds manufacturers' deposits)`,
      contract: 'MemberRegistry',
      functionName: 'setSystemAccount',
      args: (d) => [d.DeviceRegistry, true],
    },
  ],
};

/** The device registry where this platform deployed it. */
export const deviceRegistry = (ctx: Pick<ModuleContext, 'deployment'>) =>
  ({ name: 'DeviceRegistry', address: addressOf(ctx.deployment, 'DeviceRegistry'), abi: deviceRegistryAbi }) as const;

/** The telemetry anchor where this platform deployed it. */
export const telemetryAnchor = (ctx: Pick<ModuleContext, 'deployment'>) =>
  ({ name: 'TelemetryAnchor', address: addressOf(ctx.deployment, 'TelemetryAnchor'), abi: telemetryAnchorAbi }) as const;

const s = (v: unknown) => String(v);

/** The device registry's and the telemetry anchor's custom errors in words. */
export const devicesExplanations: RevertExplanations = {
  DeviceSerialUsed: (a) => `serial ${s(a.serialKey)} is already registered by ${s(a.manufacturer)} as device ${s(a.id)}: one serial, one token`,
  DeviceKeyUsed: (a) => `signing key ${s(a.deviceKey)} already belongs (or belonged) to device ${s(a.id)}; every device needs its own key`,
  DeviceUnknown: (a) => `device ${s(a.id)} does not exist`,
  DeviceTermsInvalid: (a) => `the device's ${s(a.field)} is not valid`,
  DeviceRecipientNotAllowed: (a) => `${s(a.recipient)} is neither an active member nor an allowed custodian, so device ${s(a.id)} cannot move there`,
  NotManufacturer: (a) => `${s(a.caller)} is not a certified manufacturer (of this device)`,
  NotRegistryOperator: (a) => `${s(a.caller)} is not the platform operator`,
  DepositTooLow: (a) => `${s(a.manufacturer)} has ${s(a.available)} deposited; ${s(a.requested)} cannot be taken`,
  DepositTransferFailed: (a) => `moving ${s(a.amount)} XT of deposit from ${s(a.from)} to ${s(a.to)} failed`,
  NotAnchorer: (a) => `${s(a.caller)} may not anchor telemetry`,
  BatchEmpty: () => 'a telemetry batch needs at least one reading and a non-zero root',
  BatchUnknown: (a) => `telemetry batch ${s(a.batchId)} is not anchored`,
  ReadingNotAnchored: (a) => `the reading (leaf ${s(a.leaf)}) is not in telemetry batch ${s(a.batchId)}`,
  ReadingSignatureInvalid: (a) => `the reading of device ${s(a.deviceId)} is not signed by its current key (signer ${s(a.signer)})`,
};
