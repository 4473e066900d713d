import { BaseError, decodeErrorResult, type Abi, type Hex } from 'viem';
import { formatXt } from '../domain/money.ts';

/** A contract revert, decoded into its custom error name, arguments and a sentence a person can read. */
export interface DecodedRevert {
  /** The Solidity error name, e.g. `XtDepositReferenceUsed`; `Reverted` when no reason could be decoded. */
  name: string;
  args: Record<string, unknown>;
  message: string;
}

/** Explains a decoded custom error in a sentence, from its arguments. */
export type RevertExplanation = (args: Record<string, unknown>) => string;
/** A module's explanations of its contracts' custom errors, by error name. */
export type RevertExplanations = Readonly<Record<string, RevertExplanation>>;

/** Decodes revert data against a suite's errors and explains it. */
export type RevertDecoder = (data: Hex) => DecodedRevert;

type Args = Record<string, unknown>;
const s = (v: unknown) => String(v);
const xt = (v: unknown) => formatXt(String(v));

/** Errors of the OpenZeppelin pieces the contracts build on, and the generic ones. */
const standardExplanations: RevertExplanations = {
  OwnableUnauthorizedAccount: (a) => `${s(a.account)} is not the platform operator`,
  ERC20InsufficientBalance: (a) => `balance ${xt(a.balance)} is less than the ${xt(a.needed)} required`,
  ERC20InvalidReceiver: (a) => `${s(a.receiver)} cannot receive tokens`,
  ERC20InvalidSender: (a) => `${s(a.sender)} cannot send tokens`,
  ERC20InsufficientAllowance: (a) => `${s(a.spender)} may spend only ${xt(a.allowance)} of this account's tokens, less than the ${xt(a.needed)} requested`,
  ERC20InvalidApprover: (a) => `${s(a.approver)} cannot approve`,
  ERC20InvalidSpender: (a) => `${s(a.spender)} cannot be approved`,
  OwnableInvalidOwner: (a) => `${s(a.owner)} cannot become the owner`,
  ReentrancyGuardReentrantCall: () => 'the contract was called again while it was still handling a call',
  SafeCastOverflowedUintDowncast: (a) => `the value ${s(a.value)} does not fit in ${s(a.bits)} bits`,
  CheckpointUnorderedInsertion: () => "a holding history can only be extended forward in time",
  AmountZero: () => 'the amount must be greater than zero',
};

/**
 * A decoder for `errorsAbi` (every error of the suite): a custom error, `Error(string)` or `Panic(uint)` becomes its
 * name, arguments and a sentence, from the modules' `explanations` (each error explained once).
 */
export function createRevertDecoder(p: { errorsAbi: Abi; explanations?: readonly RevertExplanations[] }): RevertDecoder {
  const explain: Record<string, RevertExplanation> = { ...standardExplanations };
  for (const part of p.explanations ?? []) {
    for (const [name, fn] of Object.entries(part)) {
      if (name in explain && !(name in standardExplanations)) throw new Error(`the revert ${name} is explained twice`);
      explain[name] = fn;
    }
  }
  return (data) => {
    try {
      const decoded = decodeErrorResult({ abi: p.errorsAbi, data });
      const inputs = decoded.abiItem.type === 'error' ? decoded.abiItem.inputs : [];
      const args: Args = {};
      inputs.forEach((input, i) => {
        args[input.name || `arg${i}`] = jsonSafe(decoded.args?.[i]);
      });
      const name = decoded.errorName;
      const message =
        explain[name]?.(args) ??
        (name === 'Error' ? s(args.message ?? args.arg0) : name === 'Panic' ? `panic code ${s(args.arg0)}` : name);
      return { name, args, message };
    } catch {
      return { name: 'Reverted', args: { data }, message: `the transaction reverted with unrecognised data ${data.slice(0, 74)}` };
    }
  };
}

/** Finds revert data anywhere in a viem error chain; returns undefined when the error is not a revert. */
export function revertDataOf(error: unknown): Hex | undefined {
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (current && typeof current === 'object' && !seen.has(current)) {
    seen.add(current);
    const data = (current as { data?: unknown }).data;
    if (typeof data === 'string' && /^0x[0-9a-fA-F]*$/.test(data) && data.length >= 10) return data as Hex;
    if (data && typeof data === 'object' && typeof (data as { data?: unknown }).data === 'string') {
      return (data as { data: Hex }).data;
    }
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** True when the error says execution reverted (with or without data), as opposed to a transport failure. */
export function isExecutionRevert(error: unknown): boolean {
  if (revertDataOf(error)) return true;
  const text = error instanceof BaseError ? error.details + ' ' + error.shortMessage : String(error);
  return /revert/i.test(text);
}

/** Converts bigints (and nested values) into JSON-safe values: bigint → decimal string. */
export function jsonSafe(value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (Array.isArray(value)) return value.map(jsonSafe);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, jsonSafe(v)]));
  }
  return value;
}
