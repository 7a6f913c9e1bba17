/** A level's colour badge with its number and, for screen readers and print, its name. */
import { useTranslation } from 'react-i18next';
import type { Level } from './api.ts';
import './levels.css';

export function LevelBadge({ level }: { level: Level }) {
  const { t } = useTranslation();
  return (
    <span className={`level-badge level-badge--${level}`} title={t(`levels.name.level${level}`)}>
      {level}
      <span className="visually-hidden"> — {t(`levels.colour.level${level}`)}</span>
    </span>
  );
}
