/** Bank account identifiers as ISO 20022 writes them: an IBAN (checked, ISO 13616 mod 97) or another id (CNAPS, domestic). */

/** An IBAN in its electronic form (no spaces, upper case) whose check digits hold. */
export function isIban(id: string): boolean {
  if (!/^[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}$/.test(id)) return false;
  const rearranged = id.slice(4) + id.slice(0, 4);
  const digits = rearranged.replace(/[A-Z]/g, (c) => String(c.charCodeAt(0) - 55));
  return BigInt(digits) % 97n === 1n;
}

/** The electronic form of an account id: spaces removed, letters upper case. */
export const normaliseAccount = (id: string) => id.replace(/\s+/g, '').toUpperCase();

/** `<Id>` of an account: `<IBAN>` when it is one, else `<Othr><Id>`. */
export const accountIdXml = (id: string) => (isIban(id) ? { IBAN: id } : { Othr: { Id: id } });
