/**
 * The health form behind the SMS link (`/q/:token`, issue #16 item 3): public, phone-first, no
 * sign-in; the signed token opens that order only while it is active. Symptoms as checkboxes,
 * readings as numbers (empty = not measured). A warning sign shows the hotlines at once; the
 * commune station's screen gets the alert from the server.
 */
import { useEffect, useState, type SubmitEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router-dom';
import { ApiError } from '../../api.ts';
import { usePageTitle } from '../../hooks.ts';
import type { FormOutcome, Readings } from './api.ts';
import { quarantineApi } from './api.ts';
import { signText } from './signs.ts';

const SYMPTOMS = [
  'breathingDifficulty',
  'chestPain',
  'cyanosis',
  'alteredConsciousness',
  'unableToDrink',
  'fever',
  'cough',
  'soreThroat',
  'lossOfSmell',
  'fatigue',
  'diarrhoea',
] as const;
const NUMBERS = ['temperatureC', 'spo2', 'pulse', 'respiratoryRate', 'systolic', 'diastolic'] as const;
const LABEL: Record<(typeof NUMBERS)[number], string> = {
  temperatureC: 'temperature',
  spo2: 'spo2',
  pulse: 'pulse',
  respiratoryRate: 'respiratoryRate',
  systolic: 'systolic',
  diastolic: 'diastolic',
};

export function HealthFormPage() {
  const { token = '' } = useParams();
  const { t } = useTranslation();
  usePageTitle(t('quarantine.form.title'));
  const [order, setOrder] = useState<{ kind: string; start: string; end: string } | null>(null);
  const [invalid, setInvalid] = useState(false);
  const [symptoms, setSymptoms] = useState<string[]>([]);
  const [values, setValues] = useState<Record<string, string>>({});
  const [outcome, setOutcome] = useState<FormOutcome | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    quarantineApi.formOf(token).then(setOrder, () => {
      setInvalid(true);
    });
  }, [token]);

  const submit = async (e: SubmitEvent<HTMLFormElement>) => {
    e.preventDefault();
    setError(null);
    const num = (k: string) => (values[k] ? Number(values[k].replace(',', '.')) : null);
    const readings: Readings = {
      symptoms,
      temperatureC: num('temperatureC'),
      spo2: num('spo2'),
      pulse: num('pulse'),
      respiratoryRate: num('respiratoryRate'),
      systolic: num('systolic'),
      diastolic: num('diastolic'),
    };
    try {
      setOutcome(await quarantineApi.submit(token, readings));
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err));
    }
  };

  if (invalid) return <p role="alert">{t('quarantine.form.invalid')}</p>;
  if (!order) return null;
  return (
    <section className="page health-form">
      <h1>{t('quarantine.form.title')}</h1>
      <p>
        {t(`quarantine.kind.${order.kind}`)} · {order.start} → {order.end}
      </p>
      <p>{t('quarantine.form.intro')}</p>
      {outcome ? (
        outcome.signs.length > 0 ? (
          <div role="alert">
            <p>{t('quarantine.form.warning')}</p>
            <ul>
              {outcome.signs.map((s) => (
                <li key={s.code}>{signText(t, s)}</li>
              ))}
            </ul>
            <p>
              <a href={`tel:${outcome.hotlines.emergency}`}>{outcome.hotlines.emergency}</a> ·{' '}
              <a href={`tel:${outcome.hotlines.advice}`}>{outcome.hotlines.advice}</a>
            </p>
          </div>
        ) : (
          <p role="status">{t('quarantine.form.sent')}</p>
        )
      ) : (
        <form onSubmit={(e) => void submit(e)}>
          <fieldset>
            <legend>{t('quarantine.form.symptoms')}</legend>
            {SYMPTOMS.map((s) => (
              <label key={s} className="check">
                <input
                  type="checkbox"
                  checked={symptoms.includes(s)}
                  onChange={(e) => {
                    setSymptoms((x) => (e.target.checked ? [...x, s] : x.filter((y) => y !== s)));
                  }}
                />{' '}
                {t(`quarantine.symptom.${s}`)}
              </label>
            ))}
          </fieldset>
          {NUMBERS.map((k) => (
            <label key={k} className="field">
              {t(`quarantine.form.${LABEL[k]}`)}
              <input
                inputMode="decimal"
                value={values[k] ?? ''}
                onChange={(e) => {
                  setValues((v) => ({ ...v, [k]: e.target.value }));
                }}
              />
            </label>
          ))}
          {error && <p role="alert">{error}</p>}
          <button type="submit">{t('quarantine.form.submit')}</button>
        </form>
      )}
    </section>
  );
}
