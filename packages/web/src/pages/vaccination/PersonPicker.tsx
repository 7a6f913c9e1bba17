/**
 * Find a person for a vaccination task: the people search API (name, CCCD, phone), or a personal /
 * CCCD QR code typed into the box by a hand-held scanner (parsed on the device, then searched by
 * the ID number). Enter with a single match picks it: a queue moves without the mouse.
 */
import { detectPersonQr } from '@epilink/core';
import { useCallback, useState, type Ref } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type PersonSummary } from '../../api.ts';
import { ErrorBox } from '../../components/Feedback.tsx';
import { formatDate } from '../../format.ts';
import { useApi, useDebounced } from '../../hooks.ts';

const none = (): Promise<{ items: PersonSummary[] }> => Promise.resolve({ items: [] });

/** A QR payload (fields separated by `|`) → the ID number to search and the printed name. */
function fromQr(text: string): { query: string; name: string } | 'invalid' | null {
  if (!text.includes('|')) return null;
  const r = detectPersonQr(text);
  if (!r.ok) return 'invalid';
  return r.value.format === 'cccd'
    ? { query: r.value.cccd, name: r.value.fullName }
    : { query: r.value.idNumber, name: r.value.fullName };
}

export function PersonPicker({
  id,
  label,
  onPick,
  inputRef,
}: {
  id: string;
  label: string;
  onPick: (p: PersonSummary) => void;
  inputRef?: Ref<HTMLInputElement>;
}) {
  const { t, i18n } = useTranslation();
  const [text, setText] = useState('');
  const qr = fromQr(text.trim());
  const settled = useDebounced(qr && qr !== 'invalid' ? qr.query : text.trim(), 250);
  const active = qr !== 'invalid' && settled.length >= 2;
  const result = useApi(
    useCallback(() => (active ? api.searchPersons(settled, 10) : none()), [active, settled]),
  );
  const items = active ? (result.data?.items ?? []) : [];

  const pick = (p: PersonSummary) => {
    setText('');
    onPick(p);
  };

  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        ref={inputRef}
        type="search"
        autoComplete="off"
        spellCheck={false}
        aria-describedby={`${id}-hint`}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            if (items.length === 1 && result.data) pick(items[0]!);
          }
        }}
      />
      <p id={`${id}-hint`} className="muted small">
        {t('vaccination.web.session.searchHint')}
      </p>
      <div aria-live="polite">
        {qr === 'invalid' && (
          <p className="notice notice--warning">{t('vaccination.web.session.qrInvalid')}</p>
        )}
        {qr && qr !== 'invalid' && (
          <p className="muted">{t('vaccination.web.session.qrRead', { name: qr.name })}</p>
        )}
        {active && result.data && items.length === 0 && <p>{t('vaccination.web.session.noResults')}</p>}
      </div>
      {result.error && <ErrorBox error={result.error} />}
      {items.length > 0 && (
        <ul className="plain-list" aria-label={t('vaccination.web.session.results')}>
          {items.map((p) => (
            <li key={p.id} className="pick-row">
              <button
                type="button"
                className="button button--secondary"
                aria-label={`${t('vaccination.web.session.choose')} ${p.fullName}`}
                onClick={() => {
                  pick(p);
                }}
              >
                {t('vaccination.web.session.choose')}
              </button>{' '}
              <strong>{p.fullName}</strong>{' '}
              <span className="muted">
                {formatDate(p.dateOfBirth, i18n.language) ?? ''} {p.idNumberMasked ?? ''}{' '}
                {p.commune?.name ?? ''}
              </span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
