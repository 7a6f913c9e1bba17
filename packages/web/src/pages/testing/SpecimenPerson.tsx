/**
 * Whose tube it is, on the result entry screen (#19 item 2): as soon as a barcode is scanned the
 * person is looked up (name, date of birth, identity number masked) and shown before the result
 * is saved; a code that is no specimen of mine says so.
 */
import { barcodeProblem, normalizeBarcode } from '@epilink/core';
import { useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api.ts';
import { formatDate } from '../../format.ts';
import { testingApi, type SpecimenPerson } from './api.ts';

/** "Name · born 04/03/1988 · ID 083******234". */
export function PersonLine({ person }: { person: SpecimenPerson }) {
  const { t, i18n } = useTranslation();
  const k = (key: string, p?: Record<string, string>) => t(`screensWeb.results.${key}`, p);
  return (
    <span className="specimen-person">
      <strong>{person.fullName}</strong> ·{' '}
      {person.dateOfBirth
        ? k('born', { date: formatDate(person.dateOfBirth, i18n.language) ?? '' })
        : person.yearOfBirth
          ? k('bornYear', { year: person.yearOfBirth })
          : k('noBirth')}{' '}
      ·{' '}
      {person.idNumberMasked
        ? k('id', { id: person.idNumberMasked })
        : person.resident === false
          ? k('visitor')
          : k('noId')}
    </span>
  );
}

type Looked =
  | { barcode: string; state: 'loading' }
  | { barcode: string; state: 'found'; person: SpecimenPerson }
  | { barcode: string; state: 'error'; message: string };

/** Look a scanned barcode up; `view` is the box that shows the answer (live for screen readers). */
export function useSpecimenPerson(): { lookUp: (raw: string) => void; clear: () => void; view: ReactNode } {
  const { t } = useTranslation();
  const [looked, setLooked] = useState<Looked | null>(null);
  const asked = useRef('');
  const lookUp = (raw: string) => {
    const code = normalizeBarcode(raw);
    if (code === '' || barcodeProblem(code, 'specimen') || code === asked.current) return;
    asked.current = code;
    setLooked({ barcode: code, state: 'loading' });
    testingApi.specimen(code).then(
      (s) => {
        if (asked.current === code) setLooked({ barcode: code, state: 'found', person: s });
      },
      (e: unknown) => {
        if (asked.current !== code) return;
        setLooked({ barcode: code, state: 'error', message: e instanceof ApiError ? e.message : String(e) });
      },
    );
  };
  const clear = () => {
    asked.current = '';
    setLooked(null);
  };
  const view = (
    <div aria-live="polite" data-testid="result-person" className="specimen-person-box">
      {looked?.state === 'loading' && (
        <p className="muted small">{t('screensWeb.results.looking', { barcode: looked.barcode })}</p>
      )}
      {looked?.state === 'found' && (
        <p className="notice">
          {t('screensWeb.results.person', { barcode: looked.barcode })}: <PersonLine person={looked.person} />
          <br />
          <span className="small">{t('screensWeb.results.check')}</span>
        </p>
      )}
      {looked?.state === 'error' && <p className="notice notice--error">{looked.message}</p>}
    </div>
  );
  return { lookUp, clear, view };
}
