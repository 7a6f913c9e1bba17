// @vitest-environment jsdom
/**
 * The form renderer in a browser-like DOM: a small questionnaire with the FHIR features the renderer
 * claims (enableWhen, choice, open-choice, repeats, groups) is filled as a person would, and the
 * QuestionnaireResponse it makes is checked, in Vietnamese and in English.
 */
import type { ErrorDetail } from '@epilink/core';
import { responseIssues } from '@epilink/core/declarations/response';
import {
  bilingual,
  type Questionnaire,
  type QuestionnaireResponse,
} from '@epilink/core/declarations/questionnaire';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { useState, type SubmitEvent } from 'react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { i18n } from '../../i18n.ts';
import { blankLevel, toResponse } from './draft.ts';
import { QuestionnaireForm } from './QuestionnaireForm.tsx';

const coding = (code: string, vi: string, en: string) => ({
  valueCoding: { system: 'urn:test', code, ...{ display: vi, _display: bilingual(vi, en)._text } },
});

const Q: Questionnaire = {
  resourceType: 'Questionnaire',
  url: 'urn:test:q',
  version: '1',
  status: 'active',
  item: [
    { linkId: 'name', type: 'string', required: true, ...bilingual('Họ và tên', 'Full name') },
    {
      linkId: 'fever',
      type: 'boolean',
      required: true,
      ...bilingual('Bạn có sốt không?', 'Do you have a fever?'),
    },
    {
      linkId: 'temp',
      type: 'decimal',
      ...bilingual('Nhiệt độ cao nhất (°C)', 'Highest temperature (°C)'),
      enableWhen: [{ question: 'fever', operator: '=', answerBoolean: true }],
    },
    {
      linkId: 'symptoms',
      type: 'choice',
      repeats: true,
      ...bilingual('Triệu chứng khác', 'Other symptoms'),
      answerOption: [coding('cough', 'Ho', 'Cough'), coding('smell', 'Mất khứu giác', 'Loss of smell')],
    },
    {
      linkId: 'vehicle',
      type: 'open-choice',
      ...bilingual('Phương tiện', 'Vehicle'),
      answerOption: [coding('bus', 'Xe khách', 'Coach'), coding('plane', 'Máy bay', 'Plane')],
    },
    { linkId: 'phones', type: 'string', repeats: true, ...bilingual('Số điện thoại', 'Phone number') },
    {
      linkId: 'places',
      type: 'group',
      repeats: true,
      ...bilingual('Nơi đã đến', 'Places visited'),
      item: [
        { linkId: 'place', type: 'string', required: true, ...bilingual('Địa điểm', 'Place') },
        { linkId: 'day', type: 'date', ...bilingual('Ngày', 'Day') },
      ],
    },
  ],
};

function Harness({ onSend }: { onSend: (r: QuestionnaireResponse, issues: ErrorDetail[]) => void }) {
  const [draft, setDraft] = useState(() => blankLevel(Q.item));
  const [issues, setIssues] = useState<ErrorDetail[]>([]);
  return (
    <form
      noValidate
      onSubmit={(e: SubmitEvent<HTMLFormElement>) => {
        e.preventDefault();
        const response = toResponse(Q, draft, i18n.language);
        const found = responseIssues(Q, response);
        setIssues(found);
        onSend(response, found);
      }}
    >
      <QuestionnaireForm questionnaire={Q} draft={draft} onChange={setDraft} issues={issues} />
      <button type="submit">Gửi</button>
    </form>
  );
}

function renderForm() {
  const sent: { response: QuestionnaireResponse; issues: ErrorDetail[] }[] = [];
  render(
    <Harness
      onSend={(response, issues) => {
        sent.push({ response, issues });
      }}
    />,
  );
  return sent;
}

describe('the questionnaire form', () => {
  beforeEach(async () => {
    await i18n.changeLanguage('vi');
  });
  afterEach(() => {
    cleanup();
  });

  it('shows the temperature only once fever is answered yes, and drops it when the answer changes', () => {
    const sent = renderForm();
    expect(screen.queryByLabelText('Nhiệt độ cao nhất (°C)')).toBeNull();
    const fever = screen.getByRole('group', { name: /Bạn có sốt không\?/u });
    fireEvent.click(within(fever).getByLabelText('Có'));
    fireEvent.change(screen.getByLabelText('Nhiệt độ cao nhất (°C)'), { target: { value: '38,5' } });
    fireEvent.change(screen.getByLabelText('Họ và tên'), { target: { value: 'Trần Thị Mai' } });
    fireEvent.click(screen.getByRole('button', { name: 'Gửi' }));
    expect(sent.at(-1)?.issues).toEqual([]);
    expect(sent.at(-1)?.response.item).toEqual([
      { linkId: 'name', answer: [{ valueString: 'Trần Thị Mai' }] },
      { linkId: 'fever', answer: [{ valueBoolean: true }] },
      { linkId: 'temp', answer: [{ valueDecimal: 38.5 }] },
    ]);

    // No fever after all: the temperature disappears and is not sent (a disabled item keeps no answer).
    fireEvent.click(within(fever).getByLabelText('Không'));
    expect(screen.queryByLabelText('Nhiệt độ cao nhất (°C)')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Gửi' }));
    expect(sent.at(-1)?.response.item?.map((i) => i.linkId)).toEqual(['name', 'fever']);
  });

  it('marks required items and shows the catalogue’s message beside an unanswered one', () => {
    const sent = renderForm();
    const name = screen.getByLabelText('Họ và tên');
    expect(name.getAttribute('aria-required')).toBe('true');
    fireEvent.click(screen.getByRole('button', { name: 'Gửi' }));
    const issues = sent.at(-1)?.issues ?? [];
    expect(issues.map((i) => i.path).sort()).toEqual(['fever', 'name']);
    expect(name.getAttribute('aria-invalid')).toBe('true');
    const describedBy = name.getAttribute('aria-describedby') ?? '';
    const message = document.getElementById(describedBy)?.textContent ?? '';
    expect(message).toBe(i18n.t(issues.find((i) => i.path === 'name')!.messageKey, issues[0]!.params));
    expect(message).not.toBe('');
  });

  it('answers a repeating choice with checkboxes and an open-choice with its own words', () => {
    const sent = renderForm();
    const symptoms = screen.getByRole('group', { name: 'Triệu chứng khác' });
    fireEvent.click(within(symptoms).getByLabelText('Ho'));
    fireEvent.click(within(symptoms).getByLabelText('Mất khứu giác'));
    const vehicle = screen.getByRole('group', { name: 'Phương tiện' });
    fireEvent.click(within(vehicle).getByLabelText('Khác (ghi rõ)'));
    fireEvent.change(screen.getByLabelText('Ghi rõ: Phương tiện'), { target: { value: 'Ghe' } });
    fireEvent.click(screen.getByRole('button', { name: 'Gửi' }));
    const items = sent.at(-1)?.response.item ?? [];
    expect(items.find((i) => i.linkId === 'symptoms')?.answer).toEqual([
      { valueCoding: { system: 'urn:test', code: 'cough' } },
      { valueCoding: { system: 'urn:test', code: 'smell' } },
    ]);
    expect(items.find((i) => i.linkId === 'vehicle')?.answer).toEqual([{ valueString: 'Ghe' }]);

    // A listed option is sent as its coding.
    fireEvent.click(within(vehicle).getByLabelText('Máy bay'));
    expect(screen.queryByLabelText('Ghi rõ: Phương tiện')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Gửi' }));
    expect(sent.at(-1)?.response.item?.find((i) => i.linkId === 'vehicle')?.answer).toEqual([
      { valueCoding: { system: 'urn:test', code: 'plane' } },
    ]);
  });

  it('adds and removes repeated answers and repeated groups', () => {
    const sent = renderForm();
    fireEvent.change(screen.getByLabelText('Số điện thoại'), { target: { value: '0912345678' } });
    fireEvent.click(screen.getByRole('button', { name: 'Thêm: Số điện thoại' }));
    fireEvent.change(screen.getByLabelText('Số điện thoại — mục 2'), { target: { value: '0987654321' } });

    fireEvent.change(screen.getByLabelText('Địa điểm'), { target: { value: 'Chợ Ba Tri' } });
    fireEvent.click(screen.getByRole('button', { name: 'Thêm: Nơi đã đến' }));
    const second = screen.getByRole('group', { name: 'Nơi đã đến — mục 2' });
    fireEvent.change(within(second).getByLabelText('Địa điểm'), { target: { value: 'Bến xe Bến Tre' } });
    fireEvent.change(within(second).getByLabelText('Ngày'), { target: { value: '2026-11-30' } });
    fireEvent.click(screen.getByRole('button', { name: 'Gửi' }));
    let items = sent.at(-1)?.response.item ?? [];
    expect(items.find((i) => i.linkId === 'phones')?.answer).toEqual([
      { valueString: '0912345678' },
      { valueString: '0987654321' },
    ]);
    expect(items.filter((i) => i.linkId === 'places')).toEqual([
      { linkId: 'places', item: [{ linkId: 'place', answer: [{ valueString: 'Chợ Ba Tri' }] }] },
      {
        linkId: 'places',
        item: [
          { linkId: 'place', answer: [{ valueString: 'Bến xe Bến Tre' }] },
          { linkId: 'day', answer: [{ valueDate: '2026-11-30' }] },
        ],
      },
    ]);

    // The first place is removed: only the bus station is left; the first phone is removed too.
    fireEvent.click(screen.getByRole('button', { name: 'Bỏ mục 1: Nơi đã đến' }));
    fireEvent.click(screen.getByRole('button', { name: 'Bỏ mục 1: Số điện thoại' }));
    fireEvent.click(screen.getByRole('button', { name: 'Gửi' }));
    items = sent.at(-1)?.response.item ?? [];
    expect(items.find((i) => i.linkId === 'phones')?.answer).toEqual([{ valueString: '0987654321' }]);
    expect(items.filter((i) => i.linkId === 'places').map((g) => g.item?.[0]?.answer)).toEqual([
      [{ valueString: 'Bến xe Bến Tre' }],
    ]);
  });

  it('speaks English when the interface does', async () => {
    await i18n.changeLanguage('en');
    renderForm();
    expect(screen.getByLabelText('Full name')).toBeTruthy();
    const fever = screen.getByRole('group', { name: /Do you have a fever\?/u });
    fireEvent.click(within(fever).getByLabelText('Yes'));
    expect(screen.getByLabelText('Highest temperature (°C)')).toBeTruthy();
    expect(
      within(screen.getByRole('group', { name: 'Other symptoms' })).getByLabelText('Loss of smell'),
    ).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Add: Places visited' })).toBeTruthy();
  });
});
