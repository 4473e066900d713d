import { useState, type FormEvent } from 'react';
import type { ApiError } from '../../api/client.ts';
import { useI18n } from '../../i18n/I18nContext.ts';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';
import { Field } from '../../components/Field.tsx';
import { LanguageSwitch } from '../../components/LanguageSwitch.tsx';
import { SubmitButton } from '../../components/SubmitButton.tsx';

/** Sign-in with a member user's API key (kept in sessionStorage for this tab only). */
export function SignInPage({ onSignIn, error }: { onSignIn: (key: string) => Promise<boolean>; error: ApiError | null }) {
  const { t } = useI18n();
  const [key, setKey] = useState('');
  const [show, setShow] = useState(false);
  const [busy, setBusy] = useState(false);
  const [empty, setEmpty] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!key.trim()) {
      setEmpty(true);
      return;
    }
    setEmpty(false);
    setBusy(true);
    await onSignIn(key);
    setBusy(false);
  };

  return (
    <div className="signin">
      <div className="signin-lang">
        <LanguageSwitch />
      </div>
      <main className="signin-card" id="main">
        <div className="brand big">
          <span className="brand-mark" aria-hidden="true">
            T
          </span>
          <span>{t('app.name')}</span>
        </div>
        <h1>{t('signIn.title')}</h1>
        <p>{t('signIn.intro')}</p>
        <form onSubmit={submit} noValidate>
          <Field label={t('signIn.apiKey')} hint={t('signIn.hint')} error={empty ? t('signIn.empty') : null}>
            <input type={show ? 'text' : 'password'} value={key} onChange={(e) => setKey(e.target.value)} autoComplete="off" spellCheck={false} autoFocus placeholder="tck_…" />
          </Field>
          <label className="checkbox">
            <input type="checkbox" checked={show} onChange={(e) => setShow(e.target.checked)} /> {t('signIn.show')}
          </label>
          {error ? <ErrorNotice error={error} title={t('signIn.failed')} /> : null}
          <SubmitButton busy={busy}>{t('signIn.submit')}</SubmitButton>
        </form>
        <p className="fine-print">{t('signIn.where')}</p>
      </main>
    </div>
  );
}
