/** The bank gateway's named refusals: each is the `code` of the API's answer, and none changes anything. */
import { ConflictError, RuleViolationError, type ErrorDetails } from '../../../common/errors.ts';

export type BankMessageRefusal =
  | 'BankMessageMalformed'
  | 'BankMessageUnsupported'
  | 'BankAmountInvalid'
  | 'BankCurrencyMismatch'
  | 'BankAccountMismatch'
  | 'BankAccountUnknown'
  | 'BankEntryUnmatched'
  | 'BankAmountMismatch';

/** The message cannot be booked as it is (422): what is wrong and where (`path`, `entryRef`). */
export const refuseMessage = (code: BankMessageRefusal, message: string, details: ErrorDetails = {}) => new RuleViolationError(code, message, details);

/** The message or one of its entries was booked before (409): nothing is booked twice. */
export const duplicateMessage = (code: 'BankMessageDuplicate' | 'BankEntryDuplicate' | 'BankAccountTaken', message: string, details: ErrorDetails = {}) =>
  new ConflictError(code, message, details);
