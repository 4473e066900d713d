import { keccak256, toHex, type Hex } from 'viem';

/**
 * Hash of an enterprise's legal identity (registration number and name), the only part of it put on-chain.
 * Both are normalised first (trimmed, registration number upper-cased, inner spaces collapsed) so the same
 * enterprise typed twice yields the same hash and cannot register a second address.
 */
export function legalIdentityHash(registrationNumber: string, name: string): Hex {
  const normalised = `${registrationNumber.trim().toUpperCase()}|${name.trim().replace(/\s+/g, ' ')}`;
  return keccak256(toHex(normalised));
}
