import type { Member } from '../api/types.ts';
import { useI18n } from '../i18n/I18nContext.ts';
import { Field } from './Field.tsx';

/** Pick a member by name (the value is its id). */
export function MemberSelect({ label, members, value, onChange, error, hint, placeholder }: { label: string; members: Array<Pick<Member, 'id' | 'name'>>; value: string; onChange: (id: string) => void; error?: string | null; hint?: string; placeholder?: string }) {
  const { t } = useI18n();
  return (
    <Field label={label} error={error} hint={hint}>
      <select value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">{placeholder ?? t('common.choose')}</option>
        {members.map((m) => (
          <option key={m.id} value={m.id}>
            {m.name}
          </option>
        ))}
      </select>
    </Field>
  );
}
