import { useRef } from 'react';
import type { Claim } from '../../../api/types.ts';
import { useI18n } from '../../../i18n/I18nContext.ts';
import { useSession } from '../../../session/SessionContext.ts';
import { capabilitiesOf } from '../../../session/roles.ts';
import { Card } from '../../../components/Card.tsx';
import { Tabs, type Tab } from '../../../components/Tabs.tsx';
import { TransferForm } from './TransferForm.tsx';
import { ModifyForm } from './ModifyForm.tsx';
import { FinanceForm } from './FinanceForm.tsx';
import { PayForm } from './PayForm.tsx';
import { RedeemForm } from './RedeemForm.tsx';
import { DistributeForm } from './DistributeForm.tsx';

/** What the signed-in user may do with this claim, one tab per action. */
export function ClaimActions({ claim }: { claim: Claim }) {
  const { t } = useI18n();
  const { me } = useSession();
  const caps = capabilitiesOf(me);
  // A tab once shown stays while the page is open, so the outcome of what was done there stays visible
  // (paying everything or passing on the whole holding would otherwise remove the tab with its confirmation).
  const shown = useRef(new Set<string>());
  const held = claim.yourHolding ? BigInt(claim.yourHolding.balance) : 0n;
  const s = claim.settlement;
  const matured = Date.parse(claim.dueAt) <= Date.parse(claim.maturity?.asOf ?? new Date().toISOString());
  // The obligor pays, and so may the claim's guarantor.
  const isPayer = claim.obligor.memberId === me.member.id || (s?.guarantor?.memberId != null && s.guarantor.memberId === me.member.id);
  const owed = s ? BigInt(s.owed) : 0n;
  const undistributed = s ? BigInt(s.paid) > BigInt(s.distributed) : false;
  const tabs: Tab[] = [];
  const was = (id: string) => shown.current.has(id);
  if ((held > 0n && !matured) || was('transfer')) {
    tabs.push({ id: 'transfer', label: t('action.transfer'), content: <TransferForm claim={claim} held={held} /> });
    tabs.push({ id: 'finance', label: t('action.finance'), content: <FinanceForm claim={claim} held={held} /> });
    tabs.push({ id: 'modify', label: t('action.modify'), content: <ModifyForm claim={claim} held={held} /> });
  }
  if ((held > 0n && matured && s) || was('redeem')) tabs.push({ id: 'redeem', label: t('action.redeem'), content: <RedeemForm claim={claim} /> });
  if ((isPayer && owed > 0n) || was('pay')) tabs.push({ id: 'pay', label: t('action.pay'), content: <PayForm claim={claim} /> });
  if ((caps.operator && undistributed) || was('distribute')) tabs.push({ id: 'distribute', label: t('action.distribute'), content: <DistributeForm claim={claim} /> });
  for (const tab of tabs) shown.current.add(tab.id);
  if (caps.readOnly || tabs.length === 0) return null;
  return (
    <Card title={t('action.title')}>
      <Tabs tabs={tabs} label={t('action.title')} />
    </Card>
  );
}
