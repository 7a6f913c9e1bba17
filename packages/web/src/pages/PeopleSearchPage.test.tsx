// @vitest-environment jsdom
import { cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PersonSummary } from '../api.ts';
import { i18n } from '../i18n.ts';
import { renderApp, signedInRoutes, stubFetch } from '../test-utils.tsx';

const lan: PersonSummary = {
  id: 'p-1',
  fullName: 'Nguyễn Thị Lan',
  dateOfBirth: '1987-03-09',
  sex: 'female',
  commune: { code: '28756', name: 'Phường Phú Khương' },
  district: { code: '829', name: 'Thành phố Bến Tre' },
  idNumberMasked: '083*******45',
  phoneMasked: '091****678',
};

describe('people search', () => {
  beforeEach(async () => {
    localStorage.clear();
    await i18n.changeLanguage('vi');
  });
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
  });

  it('searches as the officer types and shows masked results linking to the person', async () => {
    const seen = stubFetch({
      ...signedInRoutes(),
      'POST /api/persons/search': () => ({ body: { items: [lan] } }),
    });
    renderApp('/people');

    const box = await screen.findByLabelText('Tìm người dân');
    fireEvent.change(box, { target: { value: 'N' } });
    expect(await screen.findByText('Nhập ít nhất 2 ký tự để tìm.')).toBeTruthy();
    fireEvent.change(box, { target: { value: 'Nguyễn Thị' } });

    const link = await screen.findByRole('link', { name: 'Nguyễn Thị Lan' });
    expect(link.getAttribute('href')).toBe('/people/p-1');
    const row = screen.getAllByTestId('person-row')[0]!;
    expect(within(row).getByText('083*******45')).toBeTruthy();
    expect(within(row).getByText('091****678')).toBeTruthy();
    expect(within(row).getByText('Phường Phú Khương')).toBeTruthy();
    expect(within(row).getByText('09/03/1987')).toBeTruthy();

    const searches = seen.filter((r) => r.url.startsWith('/api/persons'));
    expect(searches).toHaveLength(1); // debounced: one request for the settled text
    // The name travels in the body of a POST, never in a URL (logs, history, Referer).
    expect(searches[0]).toMatchObject({ method: 'POST', url: '/api/persons/search' });
    expect(searches[0]!.body).toMatchObject({ q: 'Nguyễn Thị' });
    expect(searches[0]!.headers['Accept-Language']).toBe('vi');
  });

  it('says so when nobody matches', async () => {
    stubFetch({ ...signedInRoutes(), 'POST /api/persons/search': () => ({ body: { items: [] } }) });
    renderApp({ pathname: '/people', state: { q: '0999' } });
    expect(await screen.findByText('Không tìm thấy người dân nào khớp với “0999”.')).toBeTruthy();
  });

  it('shows the server error message', async () => {
    stubFetch({
      ...signedInRoutes(),
      'POST /api/persons/search': () => ({
        status: 400,
        body: {
          error: {
            code: 'VALIDATION_FAILED',
            message: 'Dữ liệu không hợp lệ.',
            messageKey: 'errors.validationFailed',
            details: [{ path: 'q', message: 'Quá dài.' }],
          },
        },
      }),
    });
    renderApp({ pathname: '/people', state: { q: 'xx' } });
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Dữ liệu không hợp lệ.');
    expect(alert.textContent).toContain('Quá dài.');
  });
});
