/**
 * Naming the parties of other modules' records under the disclosure rules (docs/adr/017-disclosure.md): a party the
 * reader may see is named (member id, name, address); any other is shown by a stable pseudonym only — the same for
 * the same member in every read, different for different members, and not computable from the public directory
 * (HMAC-SHA256 of the address under the platform's secret). Which parties a reader may see is decided by the module
 * that owns the record (e.g. receivables' claims.ts): this file only applies the decision.
 */
import { createHmac, randomBytes } from 'node:crypto';
import type { Queryable } from '../../db/database.ts';
import type { Principal } from './apiKeys.ts';
import { membersByAddress, type MemberIdentity } from './queries/members.ts';
import type { Party, PartyAt } from './schemas.ts';

export type { Party, PartyAt };

/** Who sees every party named: the operator and the regulator. */
export const seesEverything = (by: Principal): boolean => by.isOperator || by.memberRoles.includes('regulator');

/** The platform's pseudonym secret, created on first use (one row; a concurrent first use keeps the first). */
async function pseudonymSecret(db: Queryable): Promise<string> {
  const found = await db.query<{ secret: string }>('SELECT secret FROM pseudonym_secret WHERE id = 1');
  if (found.rows[0]) return found.rows[0].secret;
  await db.query('INSERT INTO pseudonym_secret (id, secret) VALUES (1, $1) ON CONFLICT (id) DO NOTHING', [randomBytes(32).toString('hex')]);
  return (await db.query<{ secret: string }>('SELECT secret FROM pseudonym_secret WHERE id = 1')).rows[0]!.secret;
}

/** A hidden party's pseudonym: `P-` and 8 hex digits of HMAC-SHA256(secret, address). */
export const pseudonymOf = (secret: string, address: string): string =>
  `P-${createHmac('sha256', secret).update(address.toLowerCase()).digest('hex').slice(0, 8)}`;

/** Resolves addresses to members and shows the ones the caller may not see by pseudonym. */
export class Parties {
  private constructor(
    private readonly known: Map<string, MemberIdentity>,
    private readonly visible: (address: string) => boolean,
    /** True when some parties may be hidden from the caller. */
    readonly hidesAny: boolean,
    private readonly secret: string,
  ) {}

  /** The members at `addresses`; `visible` decides whom the caller may see named (null: everyone). */
  static async load(db: Queryable, addresses: Iterable<string | null | undefined>, visible: ((address: string) => boolean) | null): Promise<Parties> {
    const secret = visible === null ? '' : await pseudonymSecret(db);
    return new Parties(await membersByAddress(db, addresses), visible ?? (() => true), visible !== null, secret);
  }

  of(address: string): Party {
    if (!this.visible(address)) return { memberId: null, name: null, address: null, pseudonym: pseudonymOf(this.secret, address) };
    const m = this.known.get(address);
    return { memberId: m?.id ?? null, name: m?.name ?? null, address };
  }

  orNull(address: string | null): Party | null {
    return address ? this.of(address) : null;
  }

  at(address: string | null, hops: number | null): PartyAt | null {
    return address ? { ...this.of(address), hops } : null;
  }
}
