import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import type { PersonSummary } from '../api.ts';
import { formatDate } from '../format.ts';

/** Sex as a word in the UI language. */
export function SexLabel({ sex }: { sex: PersonSummary['sex'] }) {
  const { t } = useTranslation();
  return <>{t(`web.sex.${sex ?? 'unknown'}`)}</>;
}

/**
 * People as a table on a laptop and as cards on a phone (CSS turns rows into cards; each cell
 * carries its column name in `data-label`). IDs and phones are the masked forms.
 */
export function PersonTable({
  people,
  caption,
  currentId,
}: {
  people: PersonSummary[];
  caption: string;
  currentId?: string;
}) {
  const { t, i18n } = useTranslation();
  const none = t('web.app.none');
  const col = (k: string) => t(`web.people.columns.${k}`);
  return (
    <table className="table table--cards">
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{col('name')}</th>
          <th scope="col">{col('dob')}</th>
          <th scope="col">{col('sex')}</th>
          <th scope="col">{col('idNumber')}</th>
          <th scope="col">{col('phone')}</th>
          <th scope="col">{col('commune')}</th>
        </tr>
      </thead>
      <tbody>
        {people.map((p) => (
          <tr key={p.id} data-testid="person-row">
            <th scope="row" data-label={col('name')}>
              {p.id === currentId ? (
                <span aria-current="page">
                  {p.fullName} <span className="muted">({t('web.person.thisPerson')})</span>
                </span>
              ) : (
                <Link to={`/people/${encodeURIComponent(p.id)}`}>{p.fullName}</Link>
              )}
            </th>
            <td data-label={col('dob')}>{formatDate(p.dateOfBirth, i18n.language) ?? none}</td>
            <td data-label={col('sex')}>
              <SexLabel sex={p.sex} />
            </td>
            <td data-label={col('idNumber')} className="mono">
              {p.idNumberMasked ?? none}
            </td>
            <td data-label={col('phone')} className="mono">
              {p.phoneMasked ?? none}
            </td>
            <td data-label={col('commune')}>
              {p.commune ? p.commune.name : none}
              {p.district && <span className="muted small block">{p.district.name}</span>}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
