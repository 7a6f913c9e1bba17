/**
 * The questionnaire form renderer (issue #15): draws any questionnaire the core accepts (FHIR R4
 * Questionnaire shape) as an accessible form in the UI language. Items hidden by `enableWhen` appear
 * and disappear as answers change (the core's `isEnabled`, on the answers so far); repeating items
 * and groups get "add" and "remove" buttons; a required item is marked and says so to screen
 * readers; the problems the core finds (`responseIssues`, path = linkId) are shown beside their items
 * in the catalogue's words. A malformed questionnaire (the core's `questionnaireIssues`) is not
 * drawn: its problems are listed instead. The caller owns the draft and turns it into a response
 * (`toResponse`).
 */
import type { ErrorDetail } from '@epilink/core';
import { isEnabled, type AnswerMap } from '@epilink/core/declarations/enableWhen';
import { questionnaireIssues } from '@epilink/core/declarations/validate';
import {
  indexItems,
  itemText,
  type ItemIndex,
  type Questionnaire,
  type QuestionnaireItem,
} from '@epilink/core/declarations/questionnaire';
import { useId, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import {
  blankInstance,
  blankLevel,
  draftAnswers,
  type DraftAnswer,
  type DraftLevel,
  type DraftNode,
} from './draft.ts';
import { ChoiceInput, QuantityInput, TextLikeInput } from './ItemInput.tsx';
import './declarations.css';

/** Props of {@link QuestionnaireForm}. */
export interface QuestionnaireFormProps {
  questionnaire: Questionnaire;
  draft: DraftLevel;
  onChange: (draft: DraftLevel) => void;
  /** Problems to show beside their items (`path` = linkId). */
  issues?: readonly ErrorDetail[];
}

interface Ctx {
  q: Questionnaire;
  index: ItemIndex;
  answers: AnswerMap;
  errors: ReadonlyMap<string, string>;
  base: string;
}

const CHOICE_TYPES = new Set(['boolean', 'choice', 'open-choice']);

function nodeOf(level: DraftLevel, item: QuestionnaireItem): DraftNode {
  return level[item.linkId] ?? blankLevel([item])[item.linkId] ?? { answers: [], groups: [] };
}

function RequiredMark({ required }: { required: boolean }) {
  const { t } = useTranslation();
  if (!required) return null;
  return (
    <span className="qform__required" title={t('declarationsWeb.form.required')}>
      <span aria-hidden="true">*</span>
      <span className="visually-hidden">{t('declarationsWeb.form.requiredMark')}</span>
    </span>
  );
}

function ErrorLine({ id, message }: { id: string; message: string | undefined }) {
  if (!message) return null;
  return (
    <p id={id} className="qform__error">
      {message}
    </p>
  );
}

/** A question: its label, input(s), add/remove for repeats, its error. */
function Question({
  ctx,
  item,
  node,
  path,
  onNode,
}: {
  ctx: Ctx;
  item: QuestionnaireItem;
  node: DraftNode;
  path: string;
  onNode: (n: DraftNode) => void;
}) {
  const { t, i18n } = useTranslation();
  const label = itemText(item, i18n.language);
  const id = `${ctx.base}-${path}`;
  const error = ctx.errors.get(item.linkId);
  const errorId = `${id}-error`;
  const required = item.required === true;
  const invalid = error !== undefined;
  const setAnswers = (answers: DraftAnswer[]) => {
    onNode({ ...node, answers });
  };
  const children = item.item && item.item.length > 0 && node.groups[0] && (
    <Level
      ctx={ctx}
      items={item.item}
      level={node.groups[0]}
      path={`${path}.0`}
      onLevel={(l) => {
        onNode({ ...node, groups: [l] });
      }}
    />
  );

  if (CHOICE_TYPES.has(item.type)) {
    return (
      <fieldset aria-describedby={invalid ? errorId : undefined} aria-invalid={invalid || undefined}>
        <legend>
          {label}
          <RequiredMark required={required} />
        </legend>
        <ChoiceInput
          q={ctx.q}
          item={item}
          id={id}
          label={label}
          answers={node.answers.length > 0 ? node.answers : [{ raw: '' }]}
          onChange={setAnswers}
          required={required}
          describedBy={invalid ? errorId : undefined}
          invalid={invalid}
        />
        <ErrorLine id={errorId} message={error} />
        {children}
      </fieldset>
    );
  }

  const answers = node.answers.length > 0 ? node.answers : [{ raw: '' }];
  const Input = item.type === 'quantity' ? QuantityInput : TextLikeInput;
  const input = (a: DraftAnswer, i: number) => (
    <Input
      q={ctx.q}
      item={item}
      id={i === 0 ? id : `${id}-${i}`}
      label={
        item.repeats && answers.length > 1 ? t('declarationsWeb.form.entryN', { label, n: i + 1 }) : label
      }
      answer={a}
      onChange={(next) => {
        setAnswers(answers.map((x, j) => (j === i ? next : x)));
      }}
      required={required && i === 0}
      describedBy={invalid ? errorId : undefined}
      invalid={invalid}
    />
  );
  return (
    <div className="field">
      <span>
        <label htmlFor={id}>{label}</label>
        <RequiredMark required={required} />
      </span>
      {item.repeats
        ? answers.map((a, i) => (
            <span key={i} className="qform__repeat">
              {input(a, i)}
              {answers.length > 1 && (
                <button
                  type="button"
                  className="button button--secondary"
                  aria-label={t('declarationsWeb.form.remove', { n: i + 1, label })}
                  onClick={() => {
                    setAnswers(answers.filter((_, j) => j !== i));
                  }}
                >
                  −
                </button>
              )}
            </span>
          ))
        : input(answers[0] ?? { raw: '' }, 0)}
      {item.repeats && (
        <button
          type="button"
          className="button button--secondary"
          onClick={() => {
            setAnswers([...answers, { raw: '' }]);
          }}
        >
          {t('declarationsWeb.form.add', { label })}
        </button>
      )}
      <ErrorLine id={errorId} message={error} />
      {children}
    </div>
  );
}

/** A group: one fieldset, or one per instance with add/remove when it repeats. */
function Group({
  ctx,
  item,
  node,
  path,
  onNode,
}: {
  ctx: Ctx;
  item: QuestionnaireItem;
  node: DraftNode;
  path: string;
  onNode: (n: DraftNode) => void;
}) {
  const { t, i18n } = useTranslation();
  const label = itemText(item, i18n.language);
  const error = ctx.errors.get(item.linkId);
  const errorId = `${ctx.base}-${path}-error`;
  const setGroups = (groups: DraftLevel[]) => {
    onNode({ ...node, groups });
  };
  const instance = (g: DraftLevel, i: number) => (
    <Level
      ctx={ctx}
      items={item.item ?? []}
      level={g}
      path={`${path}.${i}`}
      onLevel={(l) => {
        setGroups(node.groups.map((x, j) => (j === i ? l : x)));
      }}
    />
  );
  if (!item.repeats) {
    return (
      <fieldset aria-describedby={error ? errorId : undefined}>
        <legend>
          {label}
          <RequiredMark required={item.required === true} />
        </legend>
        {instance(node.groups[0] ?? blankInstance(item), 0)}
        <ErrorLine id={errorId} message={error} />
      </fieldset>
    );
  }
  const min = item.required ? 1 : 0;
  return (
    <fieldset aria-describedby={error ? errorId : undefined}>
      <legend>
        {label}
        <RequiredMark required={item.required === true} />
      </legend>
      {node.groups.map((g, i) => (
        <fieldset key={i}>
          <legend>{t('declarationsWeb.form.entryN', { label, n: i + 1 })}</legend>
          {instance(g, i)}
          {node.groups.length > min && (
            <button
              type="button"
              className="button button--secondary"
              onClick={() => {
                setGroups(node.groups.filter((_, j) => j !== i));
              }}
            >
              {t('declarationsWeb.form.remove', { n: i + 1, label })}
            </button>
          )}
        </fieldset>
      ))}
      <button
        type="button"
        className="button button--secondary"
        onClick={() => {
          setGroups([...node.groups, blankInstance(item)]);
        }}
      >
        {t('declarationsWeb.form.add', { label })}
      </button>
      <ErrorLine id={errorId} message={error} />
    </fieldset>
  );
}

function Level({
  ctx,
  items,
  level,
  path,
  onLevel,
}: {
  ctx: Ctx;
  items: readonly QuestionnaireItem[];
  level: DraftLevel;
  path: string;
  onLevel: (l: DraftLevel) => void;
}) {
  const { i18n } = useTranslation();
  return (
    <>
      {items.map((item) => {
        if (!isEnabled(ctx.q, item, ctx.answers, ctx.index)) return null;
        const node = nodeOf(level, item);
        const itemPath = path === '' ? item.linkId : `${path}.${item.linkId}`;
        const onNode = (n: DraftNode) => {
          onLevel({ ...level, [item.linkId]: n });
        };
        if (item.type === 'display')
          return (
            <p key={item.linkId} className="muted">
              {itemText(item, i18n.language)}
            </p>
          );
        if (item.type === 'group')
          return (
            <Group key={item.linkId} ctx={ctx} item={item} node={node} path={itemPath} onNode={onNode} />
          );
        return (
          <Question key={item.linkId} ctx={ctx} item={item} node={node} path={itemPath} onNode={onNode} />
        );
      })}
    </>
  );
}

/** The questionnaire's items as form fields (without the <form> and its submit button). */
export function QuestionnaireForm({ questionnaire, draft, onChange, issues = [] }: QuestionnaireFormProps) {
  const { t, i18n } = useTranslation();
  const base = useId().replace(/[^A-Za-z0-9_-]/gu, '');
  const index = useMemo(() => indexItems(questionnaire), [questionnaire]);
  const answers = useMemo(
    () => draftAnswers(questionnaire, draft, i18n.language),
    [questionnaire, draft, i18n.language],
  );
  const errors = useMemo(() => {
    const m = new Map<string, string>();
    for (const issue of issues) {
      if (issue.path !== undefined && !m.has(issue.path))
        m.set(issue.path, t(issue.messageKey, issue.params));
    }
    return m;
  }, [issues, t]);
  const broken = useMemo(() => questionnaireIssues(questionnaire), [questionnaire]);
  if (broken.length > 0)
    return (
      <div className="notice notice--error" role="alert" data-testid="questionnaire-malformed">
        {broken.map((b, i) => (
          <p key={i}>
            {t('declarationsWeb.form.malformed', {
              reason: b.path ? `${b.path}: ${t(b.messageKey, b.params)}` : t(b.messageKey, b.params),
            })}
          </p>
        ))}
      </div>
    );
  const ctx: Ctx = { q: questionnaire, index, answers, errors, base: `q${base}` };
  return (
    <div className="qform form">
      <Level ctx={ctx} items={questionnaire.item} level={draft} path="" onLevel={onChange} />
    </div>
  );
}
