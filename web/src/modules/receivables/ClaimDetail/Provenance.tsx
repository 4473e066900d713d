import type { Claim, CreditLine } from '../../../api/types.ts';
import { useApi } from '../../../api/useApi.ts';
import { useI18n } from '../../../i18n/I18nContext.ts';
import { KeyValues } from '../../../components/KeyValues.tsx';
import { PartyName } from '../../../components/PartyName.tsx';
import { ProvenanceStep } from './ProvenanceStep.tsx';

/**
 * Where a claim comes from, for a funder pricing it before it holds any: the chain of ids from the issued claim
 * down to this one (terms are public to every member), the trade and its documents hash, the settlement of the
 * root, its guarantor if any, and the obligor's credit line.
 */
export function Provenance({ claim }: { claim: Claim }) {
  const { t, amount } = useI18n();
  const line = useApi<CreditLine>(claim.obligor.memberId ? `/v1/credit-lines/${claim.obligor.memberId}` : null);
  return (
    <div className="provenance" data-testid="provenance">
      <ol className="provenance-chain">
        <ProvenanceStep id={claim.id} />
      </ol>
      {line.data ? (
        <KeyValues
          items={[
            [t('provenance.creditLine'), `${amount(line.data.used)} / ${amount(line.data.limit)}`],
            claim.settlement?.guarantor ? [t('claim.guarantor'), <PartyName party={claim.settlement.guarantor} />] : null,
            claim.settlement ? [t('provenance.settlement'), `${amount(claim.settlement.paid)} / ${amount(claim.settlement.face)}`] : null,
          ]}
        />
      ) : null}
    </div>
  );
}
