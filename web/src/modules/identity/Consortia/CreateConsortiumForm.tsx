import { useErrorText } from '../../../components/ErrorNotice.tsx';
import { type FormEvent, useState } from 'react';
import { useCommand } from '../../../api/useCommand.ts';
import { useI18n } from '../../../i18n/I18nContext.ts';
import { Field } from '../../../components/Field.tsx';
import { SubmitButton } from '../../../components/SubmitButton.tsx';
import { CommandProgress } from '../../../components/CommandProgress.tsx';
import { useDraft } from '../../../components/useDraft.ts';

export function CreateConsortiumForm() {
  const { t } = useI18n();
  const errorText = useErrorText();
  const [draft, set, clear] = useDraft('create-consortium', { name: '' });
  const [problem, setProblem] = useState<string | null>(null);
  const command = useCommand();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!draft.name.trim()) return setProblem(t('form.required'));
    setProblem(null);
    if ((await command.run('/v1/consortia', { name: draft.name.trim() })).ok) clear();
  };
  return (
    <form onSubmit={submit} className="form inline-form" noValidate>
      <Field label={t('consortia.name')} error={problem ?? (command.error?.field === 'name' ? errorText(command.error) : null)}>
        <input value={draft.name} onChange={(e) => set('name', e.target.value)} />
      </Field>
      <SubmitButton busy={command.busy}>{t('consortia.createSubmit')}</SubmitButton>
      <CommandProgress state={command} successText={t('consortia.created')} />
    </form>
  );
}
