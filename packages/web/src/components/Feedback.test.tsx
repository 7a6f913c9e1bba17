// @vitest-environment jsdom
import { cleanup, render, screen, within } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '../api.ts';
import { i18n } from '../i18n.ts';
import { ErrorBox } from './Feedback.tsx';

const invalid = new ApiError(400, 'VALIDATION_FAILED', 'Dữ liệu không hợp lệ.', 'errors.validationFailed', [
  { path: 'body.contacts.0.phone', message: 'Sai định dạng.' },
  { path: 'body.onsetDate', message: 'Không được sau hôm nay.' },
  { path: 'body.somethingNew', message: 'Sai.' },
]);

async function showIn(lang: 'vi' | 'en') {
  await i18n.changeLanguage(lang);
  render(
    <I18nextProvider i18n={i18n}>
      <ErrorBox error={invalid} />
    </I18nextProvider>,
  );
  return within(screen.getByRole('alert'))
    .getAllByRole('listitem')
    .map((li) => li.textContent);
}

describe('an error from the API', () => {
  afterEach(() => {
    cleanup();
  });

  it('names the fields as users know them, in their language, and shows an unknown field as sent', async () => {
    expect(await showIn('vi')).toEqual([
      'Số điện thoại (mục 1): Sai định dạng.',
      'Ngày khởi phát: Không được sau hôm nay.',
      'body.somethingNew Sai.',
    ]);
    cleanup();
    expect((await showIn('en')).slice(0, 2)).toEqual([
      'Phone number (item 1): Sai định dạng.',
      'Onset date: Không được sau hôm nay.',
    ]);
  });
});
