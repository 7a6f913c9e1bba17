/**
 * The fields of an accepted correction's fix, made for the record's kind (#17 item 3): a dose's
 * date or lot, a result's outcome, Ct or sample date, a check-in's time or its void, a case's
 * onset date, or for "a record is missing" the dose or result to record (site, lot or test,
 * outcome, day). Reports the fix as the server takes it (or null when nothing is entered); the
 * server checks and applies it through the owning module.
 */
import { useEffect, useState } from 'react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { correctionsApi } from './correctionsApi.ts';
import type { CorrectionDetail, CorrectionFix, Outcome, Site } from './correctionsApi.ts';

type Values = Record<string, string>;

const OUTCOMES: Outcome[] = ['positive', 'negative', 'invalid'];
const FULL = { width: '100%', boxSizing: 'border-box' as const };

/** The fix the entered values make (null: nothing entered). */
export function fixOf(recordKind: string | null, v: Values): CorrectionFix | null {
  const ct = v.ct ? Number(v.ct) : null;
  const outcome = OUTCOMES.find((o) => o === v.outcome);
  switch (recordKind) {
    case 'dose':
      return v.date || v.lot
        ? { kind: 'dose', ...(v.date ? { date: v.date } : {}), ...(v.lot ? { lotNumber: v.lot } : {}) }
        : null;
    case 'testResult':
      return outcome || v.ct || v.sampledOn
        ? {
            kind: 'testResult',
            ...(outcome ? { outcome } : {}),
            ...(v.ct ? { ct } : {}),
            ...(v.sampledOn ? { sampledOn: v.sampledOn } : {}),
          }
        : null;
    case 'checkin':
      if (v.void === 'yes') return { kind: 'checkin', void: true };
      return v.at ? { kind: 'checkin', checkedInAt: new Date(v.at).toISOString() } : null;
    case 'case':
      return v.onsetDate ? { kind: 'case', onsetDate: v.onsetDate } : null;
    case null:
      if (v.missing === 'missingDose' && v.site && v.lot && v.date) {
        const [productCode = '', lotNumber = ''] = v.lot.split('|');
        return { kind: 'missingDose', siteId: v.site, productCode, lotNumber, date: v.date };
      }
      if (v.missing === 'missingResult' && v.site && outcome && v.sampledOn)
        return {
          kind: 'missingResult',
          siteId: v.site,
          testType: v.testType === 'rapidAntigen' ? 'rapidAntigen' : 'rtPcr',
          outcome,
          ct,
          sampledOn: v.sampledOn,
        };
      return null;
    default:
      return null;
  }
}

/** The record kinds with a fix form here. */
export const hasFixForm = (kind: string | null) =>
  kind === null || ['dose', 'testResult', 'checkin', 'case'].includes(kind);

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <label className="field">
      {label}
      {children}
    </label>
  );
}

/** The fix form of a request; `onChange` gets the fix after each edit. */
export function CorrectionFixFields({
  detail,
  onChange,
}: {
  detail: CorrectionDetail;
  onChange: (fix: CorrectionFix | null) => void;
}) {
  const { t } = useTranslation();
  const [v, setV] = useState<Values>({});
  const [sites, setSites] = useState<Site[]>([]);
  const [lots, setLots] = useState<{ productCode: string; lotNumber: string }[]>([]);
  const kind = detail.recordKind;
  const set = (k: string) => (e: { target: { value: string } }) => {
    const next = { ...v, [k]: e.target.value, ...(k === 'missing' ? { site: '', lot: '' } : {}) };
    setV(next);
    onChange(fixOf(kind, next));
  };
  useEffect(() => {
    if (v.missing === 'missingDose')
      correctionsApi.vaccinationSites().then(
        (r) => {
          setSites(r.items);
        },
        () => {
          setSites([]);
        },
      );
    else if (v.missing === 'missingResult')
      correctionsApi.testSites().then(
        (r) => {
          setSites(r.items);
        },
        () => {
          setSites([]);
        },
      );
  }, [v.missing]);
  useEffect(() => {
    if (v.missing === 'missingDose' && v.site)
      correctionsApi.lots(v.site).then(
        (r) => {
          setLots(r.items);
        },
        () => {
          setLots([]);
        },
      );
  }, [v.missing, v.site]);
  const w = (key: string) => t(`corrections.worklist.${key}`);
  const day = (key: string, label: string) => (
    <Field label={label}>
      <input type="date" value={v[key] ?? ''} onChange={set(key)} style={FULL} />
    </Field>
  );
  const outcome = (label: string, keep: boolean) => (
    <Field label={label}>
      <select value={v.outcome ?? ''} onChange={set('outcome')} style={FULL}>
        <option value="">{keep ? w('keep') : '—'}</option>
        {OUTCOMES.map((o) => (
          <option key={o} value={o}>
            {w(`outcomes.${o}`)}
          </option>
        ))}
      </select>
    </Field>
  );
  const ct = (
    <Field label={w('ct')}>
      <input type="number" min={0} max={60} step="0.1" value={v.ct ?? ''} onChange={set('ct')} style={FULL} />
    </Field>
  );
  const site = (
    <Field label={w('site')}>
      <select value={v.site ?? ''} onChange={set('site')} style={FULL}>
        <option value="">—</option>
        {sites.map((s) => (
          <option key={s.id} value={s.id}>
            {s.name}
          </option>
        ))}
      </select>
    </Field>
  );
  if (!hasFixForm(kind)) return <p className="muted small">{w('noFixHere')}</p>;
  return (
    <fieldset style={{ border: 0, padding: 0, margin: 0, minWidth: 0 }}>
      <legend>{w('fixTitle')}</legend>
      {kind === 'dose' && (
        <>
          {day('date', w('doseDate'))}
          <Field label={w('doseLot')}>
            <input value={v.lot ?? ''} onChange={set('lot')} style={FULL} />
          </Field>
        </>
      )}
      {kind === 'testResult' && (
        <>
          {outcome(w('outcome'), true)}
          {ct}
          {day('sampledOn', w('sampledOn'))}
        </>
      )}
      {kind === 'checkin' && (
        <>
          <Field label={w('checkedInAt')}>
            <input type="datetime-local" value={v.at ?? ''} onChange={set('at')} style={FULL} />
          </Field>
          <label className="field">
            <input
              type="checkbox"
              checked={v.void === 'yes'}
              onChange={(e) => {
                set('void')({ target: { value: e.target.checked ? 'yes' : '' } });
              }}
            />{' '}
            {w('voidCheckin')}
          </label>
        </>
      )}
      {kind === 'case' && day('onsetDate', w('onsetDate'))}
      {kind === null && (
        <>
          <Field label={w('missingIs')}>
            <select value={v.missing ?? ''} onChange={set('missing')} style={FULL}>
              <option value="">{w('missingNone')}</option>
              <option value="missingDose">{w('missingDose')}</option>
              <option value="missingResult">{w('missingResult')}</option>
            </select>
          </Field>
          {v.missing === 'missingDose' && (
            <>
              {site}
              <Field label={w('lot')}>
                <select value={v.lot ?? ''} onChange={set('lot')} style={FULL}>
                  <option value="">—</option>
                  {lots.map((l) => (
                    <option key={`${l.productCode}|${l.lotNumber}`} value={`${l.productCode}|${l.lotNumber}`}>
                      {l.productCode} · {l.lotNumber}
                    </option>
                  ))}
                </select>
              </Field>
              {day('date', w('doseDate'))}
            </>
          )}
          {v.missing === 'missingResult' && (
            <>
              {site}
              <Field label={w('testType')}>
                <select value={v.testType ?? 'rtPcr'} onChange={set('testType')} style={FULL}>
                  <option value="rtPcr">{w('testTypes.rtPcr')}</option>
                  <option value="rapidAntigen">{w('testTypes.rapidAntigen')}</option>
                </select>
              </Field>
              {outcome(w('outcome'), false)}
              {ct}
              {day('sampledOn', w('sampledOn'))}
            </>
          )}
        </>
      )}
    </fieldset>
  );
}
