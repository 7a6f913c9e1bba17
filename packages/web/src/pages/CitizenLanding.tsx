/**
 * The way in for residents (#19 item 13), on the page a phone reaches at the site's root: check
 * in (scan the venue's QR), the health book, the check-in history, booking a test and verifying a
 * certificate — beside the officials' sign-in.
 */
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';

export function CitizenLanding() {
  const { t } = useTranslation();
  const k = (key: string) => t(`screensWeb.landing.${key}`);
  return (
    <aside className="card citizen-landing" aria-labelledby="citizen-landing-title">
      <h2 id="citizen-landing-title">{k('title')}</h2>
      <p className="muted small">{k('intro')}</p>
      <ul className="citizen-landing__links">
        <li>
          <Link className="button" to="/me">
            {k('healthBook')}
          </Link>
        </li>
        <li>
          <Link className="button button--secondary" to="/me/tests/book">
            {k('bookTest')}
          </Link>
        </li>
        <li>
          <Link className="button button--secondary" to="/verify">
            {k('verify')}
          </Link>
        </li>
        <li>
          <Link className="button button--secondary" to="/me/checkins">
            {k('myCheckins')}
          </Link>
        </li>
      </ul>
      <p className="small">{k('checkIn')}</p>
    </aside>
  );
}
