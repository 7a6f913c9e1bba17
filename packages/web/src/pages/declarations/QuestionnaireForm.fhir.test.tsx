// @vitest-environment jsdom
/**
 * The renderer on the FHIR R4 examples the core claims (abridged f201 Lifelines, GCS, bluebook):
 * each is drawn, filled, and the response it makes passes the core's `responseIssues`; a malformed
 * questionnaire is not drawn, its problems are listed in the catalogue's words.
 */
import type { ErrorDetail } from '@epilink/core';
import type { Questionnaire, QuestionnaireResponse } from '@epilink/core/declarations/questionnaire';
import { responseIssues } from '@epilink/core/declarations/response';
import { BLUEBOOK, GCS, LIFELINES } from '@epilink/core/declarations/testdata/fhirExamples';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { i18n } from '../../i18n.ts';
import { blankLevel, toResponse } from './draft.ts';
import { QuestionnaireForm } from './QuestionnaireForm.tsx';

function renderQ(q: Questionnaire) {
  const out: { response?: QuestionnaireResponse; issues?: ErrorDetail[] } = {};
  function Harness() {
    const [draft, setDraft] = useState(() => blankLevel(q.item));
    const [issues, setIssues] = useState<ErrorDetail[]>([]);
    return (
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          out.response = toResponse(q, draft, i18n.language);
          out.issues = responseIssues(q, out.response);
          setIssues(out.issues);
        }}
      >
        <QuestionnaireForm questionnaire={q} draft={draft} onChange={setDraft} issues={issues} />
        <button type="submit">Send</button>
      </form>
    );
  }
  render(<Harness />);
  const send = () => {
    fireEvent.click(screen.getByRole('button', { name: 'Send' }));
    return out;
  };
  return send;
}

describe('the renderer on FHIR R4 examples', () => {
  beforeEach(async () => {
    await i18n.changeLanguage('en');
  });
  afterEach(async () => {
    cleanup();
    await i18n.changeLanguage('vi');
  });

  it('f201 Lifelines: groups, booleans, and the cigarettes asked only of a smoker (required then)', () => {
    const send = renderQ(LIFELINES);
    expect(screen.getByRole('group', { name: 'General questions' })).toBeTruthy();
    expect(screen.queryByLabelText('How many cigarettes a day?')).toBeNull();
    fireEvent.click(within(screen.getByRole('group', { name: 'Do you smoke?' })).getByLabelText('Yes'));
    expect(send().issues?.map((i) => i.path)).toEqual(['3.3']);
    expect(screen.getByLabelText('How many cigarettes a day?').getAttribute('aria-invalid')).toBe('true');
    fireEvent.change(screen.getByLabelText('How many cigarettes a day?'), { target: { value: '5' } });
    fireEvent.change(screen.getByLabelText('What is your date of birth?'), {
      target: { value: '1960-03-01' },
    });
    const out = send();
    expect(out.issues).toEqual([]);
    expect(out.response?.item).toEqual([
      { linkId: '2', item: [{ linkId: '2.2', answer: [{ valueDate: '1960-03-01' }] }] },
      {
        linkId: '3',
        item: [
          { linkId: '3.1', answer: [{ valueBoolean: true }] },
          { linkId: '3.3', answer: [{ valueInteger: 5 }] },
        ],
      },
    ]);
  });

  it('GCS: choices from contained value sets, sent as their codings', () => {
    const send = renderQ(GCS);
    expect(send().issues?.map((i) => i.path)).toEqual(['1.1']);
    fireEvent.click(within(screen.getByRole('group', { name: /Motor/u })).getByLabelText('Obeys commands'));
    fireEvent.click(
      within(screen.getByRole('group', { name: 'Eyes' })).getByLabelText('Eyes open spontaneously'),
    );
    const out = send();
    expect(out.issues).toEqual([]);
    expect(out.response?.item).toEqual([
      { linkId: '1.1', answer: [{ valueCoding: { system: 'http://loinc.org', code: 'LA6567-7' } }] },
      { linkId: '1.2', answer: [{ valueCoding: { system: 'http://loinc.org', code: 'LA6556-0' } }] },
    ]);
  });

  it('bluebook: repeating group, repeating open-choice, enableWhen any/exists and on a decimal', () => {
    const send = renderQ(BLUEBOOK);
    expect(screen.queryByLabelText('Why not breast?')).toBeNull();
    fireEvent.change(screen.getByLabelText('Name'), { target: { value: 'An' } });
    // `exists` on the sibling's name is enough (enableBehavior any).
    expect(screen.getByLabelText('Why not breast?')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Add: Siblings' }));
    fireEvent.change(
      within(screen.getByRole('group', { name: 'Siblings — entry 2' })).getByLabelText('Name'),
      {
        target: { value: 'Bình' },
      },
    );
    const feeding = screen.getByRole('group', { name: 'Feeding' });
    fireEvent.click(within(feeding).getByLabelText('Formula'));
    fireEvent.click(within(feeding).getByLabelText('Other (please specify)'));
    fireEvent.change(screen.getByLabelText('Specify: Feeding'), { target: { value: 'Rice water' } });
    expect(screen.queryByText('Low birth weight plan')).toBeNull();
    fireEvent.change(screen.getByLabelText('Weight (kg)'), { target: { value: '2.1' } });
    expect(screen.getByText('Low birth weight plan')).toBeTruthy();
    const out = send();
    expect(out.issues).toEqual([]);
    expect(out.response?.item?.filter((i) => i.linkId === 'sibling')).toHaveLength(2);
    expect(out.response?.item?.find((i) => i.linkId === 'feeding')?.answer).toEqual([
      { valueCoding: { system: 'http://example.org/feeding', code: 'formula' } },
      { valueString: 'Rice water' },
    ]);
  });

  it('refuses a malformed questionnaire with a clear message instead of a form', () => {
    const twice: Questionnaire = {
      ...BLUEBOOK,
      item: [
        { linkId: 'a', text: 'A', type: 'boolean' },
        { linkId: 'a', text: 'A again', type: 'string' },
      ],
    };
    renderQ(twice);
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toBe('This questionnaire is not valid: a: The linkId "a" is used twice.');
    expect(screen.queryByLabelText('A again')).toBeNull();
    cleanup();

    const dangling: Questionnaire = {
      ...BLUEBOOK,
      item: [
        {
          linkId: 'b',
          text: 'B',
          type: 'string',
          enableWhen: [{ question: 'nowhere', operator: 'exists', answerBoolean: true }],
        },
      ],
    };
    renderQ(dangling);
    const second = screen.getByRole('alert').textContent ?? '';
    expect(second).toMatch(/^This questionnaire is not valid: b: /u);
    expect(second).toContain('nowhere');
    expect(screen.queryByLabelText('B')).toBeNull();
  });
});
