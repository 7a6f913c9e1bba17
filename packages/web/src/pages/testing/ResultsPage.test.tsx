// @vitest-environment jsdom
import { makeBarcode } from '@epilink/core';
import { cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { i18n } from '../../i18n.ts';
import { renderApp, signedInRoutes, stubFetch } from '../../test-utils.tsx';
import { readOutcome } from './ResultsPage.tsx';

describe('readOutcome', () => {
  it('reads a letter, a word, or a letter followed by the Ct', () => {
    expect(readOutcome('P', '')).toEqual({ outcome: 'positive', ct: null });
    expect(readOutcome('p24,5', '')).toEqual({ outcome: 'positive', ct: 24.5 });
    expect(readOutcome('n', '')).toEqual({ outcome: 'negative', ct: null });
    expect(readOutcome('P', '31')).toEqual({ outcome: 'positive', ct: 31 });
    expect(readOutcome('âm tính', '')).toEqual({ outcome: 'negative', ct: null });
    expect(readOutcome('x', '')).toBeNull();
  });
});

describe('result entry screen', () => {
  beforeEach(async () => {
    localStorage.clear();
    await i18n.changeLanguage('vi');
  });
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
  });

  it('scan, type P and the Ct, Enter: saved in the background, the box is ready for the next tube', async () => {
    const first = makeBarcode('specimen', 1001);
    const second = makeBarcode('specimen', 1002);
    const hoa = { fullName: 'Lê Thị Hoa', dateOfBirth: '1988-03-04', idNumberMasked: '083******234' };
    const seen = stubFetch({
      ...signedInRoutes(),
      [`GET /api/testing/specimens/${first}`]: () => ({ body: { specimen: { barcode: first, ...hoa } } }),
      'POST /api/testing/results': (req) => {
        const body = req.body as { barcode: string };
        return body.barcode === second
          ? {
              status: 409,
              body: {
                error: {
                  code: 'RESULT_EXISTS',
                  message: 'Mẫu này đã có kết quả khác; không ghi đè.',
                  messageKey: 'testing.errors.resultExists',
                  details: [],
                },
              },
            }
          : {
              status: 201,
              body: { barcode: body.barcode, resultId: 'r-1', caseId: 'c-1', unchanged: false, person: hoa },
            };
      },
    });
    renderApp('/testing/results');

    const barcode = await screen.findByLabelText('Mã mẫu');
    const outcome = screen.getByLabelText('Kết quả (P/N/I)');
    expect(document.activeElement).toBe(barcode);

    // The scanner types the code and Enter: focus moves to the outcome.
    fireEvent.change(barcode, { target: { value: first.toLowerCase() } });
    fireEvent.keyDown(barcode, { key: 'Enter' });
    expect(document.activeElement).toBe(outcome);
    // Before the result is typed, the tube names its person: name, date of birth, masked ID.
    const person = screen.getByTestId('result-person');
    await within(person).findByText('Lê Thị Hoa');
    expect(person.textContent).toContain('sinh 04/03/1988 · giấy tờ 083******234');
    fireEvent.change(outcome, { target: { value: 'p23.5' } });
    fireEvent.submit(outcome.closest('form')!);

    // Ready for the next tube at once.
    expect(document.activeElement).toBe(barcode);
    expect((barcode as HTMLInputElement).value).toBe('');
    const list = screen.getByTestId('last-entries');
    // The result made a case: the entry says so and leads to it.
    const toCase = await within(list).findByRole('link', { name: 'ca bệnh đã cập nhật' });
    expect(toCase.getAttribute('href')).toBe('/cases/c-1');
    expect(toCase.closest('.badge')?.textContent).toBe('Đã lưu · ca bệnh đã cập nhật');
    // The saved line names whose result it was; the lookup box is ready for the next tube.
    expect(toCase.closest('li')?.textContent).toContain(
      'Lê Thị Hoa · sinh 04/03/1988 · giấy tờ 083******234',
    );
    expect(person.textContent).toBe('');
    expect(seen.find((r) => r.method === 'POST')?.body).toEqual({
      barcode: first,
      outcome: 'positive',
      ct: 23.5,
    });

    // A second tube whose result was already stored differently: the reason shows in the list.
    fireEvent.change(barcode, { target: { value: second } });
    fireEvent.keyDown(barcode, { key: 'Enter' });
    // A tube that is no specimen of mine says so before anything is saved.
    await within(person).findByText('Không tìm thấy.');
    fireEvent.change(outcome, { target: { value: 'N' } });
    fireEvent.submit(outcome.closest('form')!);
    await within(list).findByText('Mẫu này đã có kết quả khác; không ghi đè.');
    expect(screen.getByText('Đã nhập 1 kết quả trong phiên này.')).toBeTruthy();

    // A mistyped code never leaves the device.
    fireEvent.change(barcode, {
      target: { value: `${first.slice(0, -1)}${(Number(first.slice(-1)) + 1) % 10}` },
    });
    fireEvent.change(outcome, { target: { value: 'N' } });
    fireEvent.submit(outcome.closest('form')!);
    expect(await screen.findByText(/Mã vạch không hợp lệ: sai số kiểm tra/u)).toBeTruthy();

    // An outcome that is not P / N / I says what to type, and nothing is sent.
    fireEvent.change(barcode, { target: { value: second } });
    fireEvent.change(outcome, { target: { value: 'x' } });
    fireEvent.submit(outcome.closest('form')!);
    expect(
      await screen.findByText(
        'Không đọc được kết quả: gõ P (dương tính), N (âm tính) hoặc I (không xác định), có thể kèm Ct (ví dụ P 24,5).',
      ),
    ).toBeTruthy();
    expect(document.activeElement).toBe(outcome);
    expect(seen.filter((r) => r.method === 'POST')).toHaveLength(2);
  });
});
