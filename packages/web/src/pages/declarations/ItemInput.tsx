/**
 * The input of one question of a questionnaire, by FHIR item type: text, numbers, dates, a yes/no
 * pair, radio buttons / a select / checkboxes for choices (with a free "other" for open-choice), a
 * value and unit for quantities. Every control has a label (a question's text, or its own words),
 * so a screen reader and a browser test find it by name.
 */
import type { Questionnaire, QuestionnaireItem } from '@epilink/core/declarations/questionnaire';
import { useTranslation } from 'react-i18next';
import { choicesOf, OTHER, type DraftAnswer } from './draft.ts';

/** Choices up to this many are radio buttons; more make a select. */
const RADIO_LIMIT = 6;

interface InputProps {
  q: Questionnaire;
  item: QuestionnaireItem;
  id: string;
  label: string;
  answer: DraftAnswer;
  onChange: (a: DraftAnswer) => void;
  required: boolean;
  describedBy?: string | undefined;
  invalid: boolean;
}

const INPUT_TYPES: Partial<Record<QuestionnaireItem['type'], string>> = {
  date: 'date',
  dateTime: 'datetime-local',
  time: 'time',
  url: 'url',
};

/** A single-value input (not choice, boolean or quantity). */
export function TextLikeInput({
  item,
  id,
  label,
  answer,
  onChange,
  required,
  describedBy,
  invalid,
}: InputProps) {
  const common = {
    id,
    value: answer.raw,
    'aria-required': required || undefined,
    'aria-invalid': invalid || undefined,
    'aria-describedby': describedBy,
    'aria-label': label,
    readOnly: item.readOnly,
    maxLength: item.maxLength,
  };
  if (item.type === 'text')
    return (
      <textarea
        {...common}
        rows={3}
        onChange={(e) => {
          onChange({ ...answer, raw: e.target.value });
        }}
      />
    );
  const numeric = item.type === 'integer' || item.type === 'decimal';
  return (
    <input
      {...common}
      type={INPUT_TYPES[item.type] ?? 'text'}
      inputMode={item.type === 'integer' ? 'numeric' : numeric ? 'decimal' : undefined}
      onChange={(e) => {
        onChange({ ...answer, raw: e.target.value });
      }}
    />
  );
}

/** A quantity: the number and its unit. */
export function QuantityInput(props: InputProps) {
  const { t } = useTranslation();
  const { id, label, answer, onChange, required, describedBy, invalid } = props;
  return (
    <span className="qform__quantity">
      <input
        id={id}
        inputMode="decimal"
        aria-label={`${label} — ${t('declarationsWeb.form.value')}`}
        aria-required={required || undefined}
        aria-invalid={invalid || undefined}
        aria-describedby={describedBy}
        value={answer.raw}
        onChange={(e) => {
          onChange({ ...answer, raw: e.target.value });
        }}
      />
      <input
        aria-label={`${label} — ${t('declarationsWeb.form.unit')}`}
        value={answer.unit ?? ''}
        size={6}
        onChange={(e) => {
          onChange({ ...answer, unit: e.target.value });
        }}
      />
    </span>
  );
}

interface ChoiceProps {
  q: Questionnaire;
  item: QuestionnaireItem;
  id: string;
  label: string;
  /** All the item's answers (several checked boxes when it repeats). */
  answers: DraftAnswer[];
  onChange: (answers: DraftAnswer[]) => void;
  required: boolean;
  describedBy?: string | undefined;
  invalid: boolean;
}

/**
 * A boolean, choice or open-choice question inside its fieldset: yes/no radios, one radio per
 * option (a select when there are many), checkboxes when the item repeats; open-choice adds
 * "Other" and the text box it opens.
 */
export function ChoiceInput({
  q,
  item,
  id,
  label,
  answers,
  onChange,
  required,
  describedBy,
  invalid,
}: ChoiceProps) {
  const { t, i18n } = useTranslation();
  const choices =
    item.type === 'boolean'
      ? [
          { key: 'true', label: t('declarationsWeb.form.yes') },
          { key: 'false', label: t('declarationsWeb.form.no') },
        ]
      : choicesOf(q, item, i18n.language).map((c) => ({ key: c.key, label: c.label }));
  const open = item.type === 'open-choice';
  const all = open ? [...choices, { key: OTHER, label: t('declarationsWeb.form.other') }] : choices;
  const selected = new Set(answers.map((a) => a.raw).filter((r) => r !== ''));
  const otherAnswer = answers.find((a) => a.raw === OTHER);
  const otherBox = otherAnswer && (
    <input
      id={`${id}-other`}
      aria-label={t('declarationsWeb.form.otherValue', { label })}
      aria-required
      value={otherAnswer.other ?? ''}
      onChange={(e) => {
        onChange(answers.map((a) => (a.raw === OTHER ? { ...a, other: e.target.value } : a)));
      }}
    />
  );

  if (item.repeats && item.type !== 'boolean') {
    return (
      <div className="qform__choices">
        {all.map((c) => (
          <label key={c.key} className="radio">
            <input
              type="checkbox"
              name={id}
              checked={selected.has(c.key)}
              aria-invalid={invalid || undefined}
              onChange={(e) => {
                const rest = answers.filter((a) => a.raw !== c.key && a.raw !== '');
                onChange(
                  e.target.checked ? [...rest, { raw: c.key }] : rest.length > 0 ? rest : [{ raw: '' }],
                );
              }}
            />
            <span>{c.label}</span>
          </label>
        ))}
        {otherBox}
      </div>
    );
  }
  const current = answers[0]?.raw ?? '';
  if (all.length > RADIO_LIMIT) {
    return (
      <>
        <select
          id={id}
          aria-label={label}
          aria-required={required || undefined}
          aria-invalid={invalid || undefined}
          aria-describedby={describedBy}
          value={current}
          onChange={(e) => {
            onChange([{ raw: e.target.value }]);
          }}
        >
          <option value="">{t('declarationsWeb.form.choose')}</option>
          {all.map((c) => (
            <option key={c.key} value={c.key}>
              {c.label}
            </option>
          ))}
        </select>
        {otherBox}
      </>
    );
  }
  return (
    <div className="qform__choices">
      {all.map((c) => (
        <label key={c.key} className="radio">
          <input
            type="radio"
            name={id}
            value={c.key}
            checked={current === c.key}
            aria-invalid={invalid || undefined}
            onChange={() => {
              onChange([{ raw: c.key, other: answers[0]?.other }]);
            }}
          />
          <span>{c.label}</span>
        </label>
      ))}
      {otherBox}
    </div>
  );
}
