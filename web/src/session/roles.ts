import type { Me, MemberRole } from '../api/types.ts';
import type { MessageKey } from '../i18n/en.ts';

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

/** The pages of the console a user sees, in menu order. */
export function navigationFor(me: Me): NavItem[] {
  const c = capabilitiesOf(me);
  const items: Array<[boolean, NavItem]> = [
    [true, { path: '/', label: 'nav.home' }],
    [c.regulator, { path: '/oversight', label: 'nav.oversight' }],
    [c.operator || c.regulator || c.bank, { path: '/members', label: 'nav.members' }],
    [c.operator || c.funder || c.regulator, { path: '/credit-lines', label: 'nav.creditLines' }],
    [true, { path: '/consortia', label: 'nav.consortia' }],
    [c.core || c.supplier || c.operator || c.regulator, { path: '/trades', label: 'nav.trades' }],
    [true, { path: '/claims', label: 'nav.claims' }],
    [c.core, { path: '/payables', label: 'nav.payables' }],
    [c.holder || c.funder || c.regulator || c.operator, { path: '/market', label: 'nav.market' }],
    [c.funder, { path: '/book', label: 'nav.book' }],
    [c.guarantor, { path: '/guarantees', label: 'nav.guarantees' }],
    [true, { path: '/xt', label: 'nav.xt' }],
    [c.operator || c.regulator, { path: '/status', label: 'nav.status' }],
  ];
  return items.filter(([show]) => show).map(([, item]) => item);
}

export function roleLabelKey(role: MemberRole): MessageKey {
  return `role.${role}` as MessageKey;
}
