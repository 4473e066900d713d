import type { Queryable } from '../../db/database.ts';
import type { Principal } from './apiKeys.ts';
import { membersByAddress, type MemberIdentity } from './queries/members.ts';
import type { Party, PartyAt } from './schemas.ts';

export type { Party, PartyAt };

/** Who sees every party named: the operator and the regulator. */
export const seesEverything = (by: Principal): boolean => by.isOperator || by.memberRoles.includes('regulator');

/** Resolves addresses to members and hides the ones the caller may not see. */
export class Parties {
  private constructor(
    private readonly known: Map<string, MemberIdentity>,
    private readonly visible: (address: string) => boolean,
    /** True when some parties may be hidden from the caller. */
    readonly hidesAny: boolean,
  ) {}

  /** The members at `addresses`; `visible` decides whom the caller may see named (null: everyone). */
  static async load(db: Queryable, addresses: Iterable<string | null | undefined>, visible: ((address: string) => boolean) | null): Promise<Parties> {
    return new Parties(await membersByAddress(db, addresses), visible ?? (() => true), visible !== null);
  }

  of(address: string): Party {
    if (!this.visible(address)) return { memberId: null, name: null, address: null };
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
