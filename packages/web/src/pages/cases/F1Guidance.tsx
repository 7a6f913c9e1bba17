/**
 * The guidance under a citizen's F1 status (#19 item 5): what to do (the order's kind), until when,
 * where and when the exposure was (a venue and the citizen's own stay, or only the kind of contact),
 * the hotlines as `tel:` links, and a one-tap test booking for that person.
 */
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { formatDate, formatDateTime } from '../../format.ts';
import type { F1GuidanceView } from './api.ts';

export function F1Guidance({ guidance: g, id }: { guidance: F1GuidanceView; id: string }) {
  const { t, i18n } = useTranslation();
  const k = (key: string, p?: Record<string, string>) => t(`citizenGuide.${key}`, p);
  const lang = i18n.language;
  const until = formatDate(g.until, lang);
  const e = g.exposure;
  return (
    <section aria-labelledby={id} className="f1-guidance">
      <h3 id={id}>{k('title')}</h3>
      <p>
        <strong>{k('todo')}:</strong> {k(`do.${g.kind}`)}
      </p>
      <p data-testid="f1-until">
        {until ? k(g.basis === 'order' ? 'untilOrder' : 'untilRule', { date: until }) : k('untilUnknown')}
        {g.ruleSource && <span className="muted small"> {k('source', { source: g.ruleSource })}</span>}
      </p>
      {e && (
        <div data-testid="f1-exposure">
          <h4>{k('exposureTitle')}</h4>
          <p>
            {e.venueName
              ? k('exposureVenue', { venue: e.venueName })
              : k(e.type === 'household' ? 'exposureHousehold' : 'exposureOther')}
            {e.date && ` · ${k('exposureDate', { date: formatDate(e.date, lang) ?? e.date })}`}
          </p>
          {e.from && e.to && (
            <p className="muted small">
              {k('exposureStay', { from: formatDateTime(e.from, lang), to: formatDateTime(e.to, lang) })}
            </p>
          )}
        </div>
      )}
      <p>
        {k('hotlinesTitle')}:{' '}
        <a href={`tel:${g.hotlines.emergency}`}>{k('hotlineEmergency', { number: g.hotlines.emergency })}</a>
        {' · '}
        <a href={`tel:${g.hotlines.advice}`}>{k('hotlineAdvice', { number: g.hotlines.advice })}</a>
      </p>
      <p>
        <Link className="button" to={g.bookingUrl}>
          {k('book')}
        </Link>
      </p>
    </section>
  );
}
