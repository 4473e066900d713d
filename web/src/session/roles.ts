import type { Me, MemberRole } from '../api/types.ts';
import type { MessageKey } from '../i18n/en.ts';
import { moduleNavigation } from '../modules/navigation.ts';
import type { NavEntry } from '../modules/types.ts';

/** What the signed-in user's enterprise may do, from its certified roles (the API checks again). */
export interface Capabilities {
  operator: boolean;
  core: boolean;
  /** Submits trade background to the core enterprise: suppliers, and distributors for their orders. */
  supplier: boolean;
  /** Holds and passes on claims: suppliers and distributors. */
  holder: boolean;
  funder: boolean;
  /** Guarantees core enterprises' credit lines: accepts them, follows and may pay the claims issued under them. */
  guarantor: boolean;
  regulator: boolean;
  bank: boolean;
  /** A viewer user may look but not act. */
  readOnly: boolean;
}

export function capabilitiesOf(me: Me): Capabilities {
  const has = (r: MemberRole) => me.member.roles.includes(r);
  return {
    operator: me.isOperator,
    core: has('core_enterprise'),
    supplier: has('supplier') || has('distributor'),
    holder: has('supplier') || has('distributor'),
    funder: has('funder'),
    guarantor: has('guarantor'),
    regulator: has('regulator'),
    bank: has('bank_gateway'),
    readOnly: me.userRole === 'viewer' || (has('regulator') && !me.isOperator),
  };
}

export interface NavItem {
  path: string;
  label: MessageKey;
}

/** The shell's own menu entries; the modules bring theirs (web/src/modules/navigation.ts). */
const shellNavigation: NavEntry[] = [
  { path: '/', label: 'nav.home', order: 0, visible: () => true },
  { path: '/status', label: 'nav.status', order: 100, visible: (c) => c.operator || c.regulator },
];

/** The pages of the console a user sees, in menu order. */
export function navigationFor(me: Me): NavItem[] {
  const c = capabilitiesOf(me);
  return [...shellNavigation, ...moduleNavigation]
    .filter((entry) => entry.visible(c))
    .sort((a, b) => a.order - b.order)
    .map(({ path, label }) => ({ path, label }));
}

export function roleLabelKey(role: MemberRole): MessageKey {
  return `role.${role}` as MessageKey;
}
