// @vitest-environment jsdom
import { cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CSRF_HEADER, type User } from '../../api.ts';
import { i18n } from '../../i18n.ts';
import { demoMeta, renderApp, stubFetch } from '../../test-utils.tsx';
import type { CaseView, ContactItem, ServerChain, Worklist } from './api.ts';

const tracer: User = {
  id: 'u-tracer',
  username: 'truy.vet',
  displayName: 'Cán bộ truy vết',
  role: 'tracer',
  jurisdiction: { code: '28756', name: 'Xã Phú Khương', level: 'commune' },
};
const signedIn = {
  'GET /api/meta': () => ({ body: demoMeta }),
  'GET /api/auth/me': () => ({ body: { user: tracer, stage: 'active' } }),
};
const contact: ContactItem = {
  id: 'k-1',
  caseId: 'c-1',
  sourcePersonId: 'p-0',
  sourceName: 'Bùi Thị Mai',
  personId: 'p-1',
  fullName: 'Phạm Văn Dương',
  phone: '0370308396',
  communeCode: '28756',
  diseaseCode: 'COVID-19',
  exposureType: 'household',
  exposureDate: '2026-11-25',
  durationMinutes: null,
  source: 'household',
  venueName: null,
  status: 'proposed',
  followUpStatus: null,
  monitoringUntil: null,
  assignedTracerId: null,
  note: null,
  degree: null,
  proposedDegree: 1,
  epiStatus: 'candidate',
};

describe('cases screens', () => {
  beforeEach(async () => {
    localStorage.clear();
    await i18n.changeLanguage('vi');
  });
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
  });

  it('worklist: the tracer confirms a proposed contact with one click and the list reloads', async () => {
    let confirmed = false;
    const worklist = (): Worklist => ({
      date: '2026-11-26',
      newCases: [],
      contactsToCall: confirmed ? [] : [contact],
      followUpsDue: confirmed
        ? [
            {
              followUpId: 'f-1',
              dueDate: '2026-11-26',
              contact: { ...contact, status: 'confirmed', degree: 1 },
            },
          ]
        : [],
      lost: [],
      nextCursors: { newCases: null, contactsToCall: null, followUpsDue: null, lost: null },
    });
    const seen = stubFetch({
      ...signedIn,
      'GET /api/tracing/worklist': () => ({ body: worklist() }),
      'POST /api/contacts/k-1/decision': () => {
        confirmed = true;
        return { body: { contactId: 'k-1', proposed: 2 } };
      },
    });
    renderApp('/cases/worklist');

    await screen.findByRole('heading', { name: 'Người tiếp xúc cần gọi (1)' });
    // A tracer may not read alarms: the worklist does not ask (its 403 was a console error).
    expect(seen.filter((r) => r.url.startsWith('/api/analytics/alarms'))).toEqual([]);
    const card = screen.getByRole('row', { name: 'Phạm Văn Dương' });
    expect(card.textContent).toContain('F1 (đề xuất)');
    expect(card.textContent).toContain('Bùi Thị Mai');
    fireEvent.click(within(card).getByRole('button', { name: 'Xác nhận Phạm Văn Dương là người tiếp xúc' }));

    await screen.findByRole('heading', { name: 'Theo dõi đến hạn hôm nay (1)' });
    expect(screen.getByRole('heading', { name: 'Người tiếp xúc cần gọi (0)' })).toBeTruthy();
    const post = seen.find((r) => r.method === 'POST');
    expect(post?.url).toBe('/api/contacts/k-1/decision');
    expect(post?.body).toEqual({ decision: 'confirm' });
    expect(post?.headers[CSRF_HEADER]).toBe('1');
    expect(screen.getAllByRole('status').some((s) => s.textContent === 'Đã cập nhật Phạm Văn Dương.')).toBe(
      true,
    );
  });

  it('worklist: a section with more rows than a page loads the rest of that section on "Tải thêm"', async () => {
    const none = { newCases: null, contactsToCall: null, followUpsDue: null, lost: null };
    const older: ContactItem = { ...contact, id: 'k-2', personId: 'p-2', fullName: 'Ngô Thị Lan' };
    const seen = stubFetch({
      ...signedIn,
      'GET /api/tracing/worklist': (req) =>
        req.url.includes('section=contactsToCall')
          ? {
              body: {
                date: '2026-11-26',
                newCases: [],
                contactsToCall: [older],
                followUpsDue: [],
                lost: [],
                nextCursors: none,
              } satisfies Worklist,
            }
          : {
              body: {
                date: '2026-11-26',
                newCases: [],
                contactsToCall: [contact],
                followUpsDue: [],
                lost: [],
                nextCursors: { ...none, contactsToCall: 'c1' },
              } satisfies Worklist,
            },
    });
    renderApp('/cases/worklist');

    const section = (await screen.findByRole('heading', { name: 'Người tiếp xúc cần gọi (1)' })).closest(
      'section',
    )!;
    expect(within(section).queryByRole('row', { name: 'Ngô Thị Lan' })).toBeNull();
    fireEvent.click(within(section).getByRole('button', { name: 'Tải thêm' }));

    await screen.findByRole('heading', { name: 'Người tiếp xúc cần gọi (2)' });
    expect(within(section).getByRole('row', { name: 'Ngô Thị Lan' })).toBeTruthy();
    expect(within(section).queryByRole('button', { name: 'Tải thêm' })).toBeNull();
    const more = seen.filter((r) => r.url.includes('section='));
    expect(more.map((r) => r.url)).toEqual(['/api/tracing/worklist?section=contactsToCall&cursor=c1']);
  });

  it('chain view: the graph has a text alternative — clusters with their counts and source cases', async () => {
    const chain: ServerChain = {
      nodes: [
        {
          id: 'p-0',
          label: 'Bùi Thị Mai',
          caseId: 'c-1',
          classification: 'confirmed',
          degree: 0,
          proposedDegree: 0,
          status: 'f0',
          communeCode: '28756',
        },
        {
          id: 'p-1',
          label: 'Phạm Văn Dương',
          caseId: null,
          classification: null,
          degree: 1,
          proposedDegree: 1,
          status: 'f1',
          communeCode: '28756',
        },
        {
          id: 'p-2',
          label: null,
          caseId: null,
          classification: null,
          degree: null,
          proposedDegree: 1,
          status: 'candidate',
          communeCode: '28999',
        },
        {
          id: 'p-3',
          label: 'Lê Văn Ba',
          caseId: null,
          classification: null,
          degree: null,
          proposedDegree: null,
          status: 'cleared',
          communeCode: '28756',
        },
      ],
      edges: [
        { id: 'e-1', from: 'p-0', to: 'p-1', status: 'confirmed', exposureType: 'household' },
        { id: 'e-2', from: 'p-0', to: 'p-2', status: 'proposed', exposureType: 'venue' },
        { id: 'e-3', from: 'p-0', to: 'p-3', status: 'dismissed', exposureType: 'household' },
      ],
      truncated: false,
    };
    stubFetch({
      ...signedIn,
      'GET /api/tracing/graph': () => ({ body: chain }),
      'GET /api/tracing/clusters': () => ({
        body: {
          clusters: [
            {
              id: 'p-0',
              size: 3,
              caseCount: 1,
              personIds: ['p-0', 'p-1', 'p-2'],
              timeline: [{ date: '2026-11-25', cases: 1, contacts: 2 }],
            },
          ],
          venueClusters: [],
        },
      }),
    });
    renderApp('/cases/chain');

    expect((await screen.findByTestId('chain-summary')).textContent).toBe(
      '1 ca bệnh (F0), 1 tiếp xúc đã xác nhận, 1 tiếp xúc đề xuất',
    );
    expect(screen.getByRole('img', { name: /4 người, 2 mối tiếp xúc, 2 cụm/u })).toBeTruthy();
    const table = screen.getByRole('table', { name: /cụm, lớn nhất trước/u });
    const first = within(table).getAllByRole('row')[1]!;
    expect(
      within(first)
        .getAllByRole('cell')
        .map((c) => c.textContent),
    ).toEqual(['3', '1', '1', '1', 'Bùi Thị Mai', 'Xem 3 thành viên']);
    expect(within(first).getByRole('link', { name: 'Bùi Thị Mai' }).getAttribute('href')).toBe('/cases/c-1');
    // Members on demand; a person outside the jurisdiction keeps their degree but not their name.
    fireEvent.click(within(first).getByText('Xem 3 thành viên'));
    const members = await within(first).findAllByRole('listitem');
    expect(members.map((m) => m.textContent)).toEqual([
      'Bùi Thị Mai — F0',
      'Phạm Văn Dương — F1',
      '(ngoài phạm vi) — F1 (đề xuất)',
    ]);
    // The dismissed edge is not drawn: the dismissed person is a cluster of their own.
    expect(within(within(table).getAllByRole('row')[2]!).getAllByRole('cell')[0]!.textContent).toBe('1');
    expect(screen.getByRole('heading', { name: 'Cụm lây nhiễm (1)' })).toBeTruthy();
  });

  it('case page: facts, contacts with their decision, and an interview that names a contact', async () => {
    const view: CaseView = {
      case: {
        id: 'c-1',
        personId: 'p-0',
        fullName: 'Bùi Thị Mai',
        communeCode: '28756',
        districtCode: '829',
        diseaseCode: 'COVID-19',
        outbreakId: null,
        classification: 'confirmed',
        status: 'open',
        onsetDate: null,
        sampleDate: '2026-11-25',
        confirmedAt: '2026-11-25T08:00:00.000Z',
        assignedTracerId: null,
        interviewDoneAt: null,
        contactCount: 1,
        infectiousFrom: '2026-11-23T07:00:00.000Z',
        infectiousTo: null,
        symptomatic: true,
        severity: null,
        placeOfCare: null,
        outcome: null,
        outcomeDate: null,
        note: null,
        evidence: [],
      },
      person: { id: 'p-0', fullName: 'Bùi Thị Mai', phone: null, address: null },
      epiStatus: null,
      contacts: [contact],
      contactsNextCursor: null,
      contactsOutsideJurisdiction: 0,
      interviews: [],
    };
    const seen = stubFetch({
      ...signedIn,
      'GET /api/cases/c-1': () => ({ body: view }),
      'POST /api/cases/c-1/interview': () => ({
        status: 201,
        body: { interviewId: 'i-1', proposed: 1, linked: 0 },
      }),
    });
    renderApp('/cases/c-1');

    await screen.findByRole('heading', { name: 'Ca bệnh: Bùi Thị Mai' });
    expect(screen.getByTestId('case-classification').textContent).toBe('Xác định');
    expect(screen.getByText(/^Từ .* \(chưa kết thúc\)$/u)).toBeTruthy();
    // A tracer has no case:write: no edit form, but the decision buttons and the interview.
    expect(screen.queryByRole('form', { name: 'Cập nhật ca bệnh' })).toBeNull();
    expect(screen.getByRole('button', { name: 'Xác nhận Phạm Văn Dương là người tiếp xúc' })).toBeTruthy();

    const form = screen.getByRole('form', { name: 'Phiếu điều tra ca bệnh' });
    fireEvent.change(within(form).getByLabelText('Ghi chú điều tra (lịch trình, nơi đã đến)'), {
      target: { value: 'Ăn trưa cùng đồng nghiệp' },
    });
    fireEvent.click(within(form).getByRole('button', { name: 'Thêm người tiếp xúc' }));
    const row = within(form).getByRole('group', { name: 'Người tiếp xúc 1' });
    fireEvent.change(within(row).getByLabelText('Họ và tên'), { target: { value: '  Trần Văn Nam ' } });
    fireEvent.change(within(row).getByLabelText('Hình thức tiếp xúc'), { target: { value: 'workplace' } });
    fireEvent.change(within(row).getByLabelText('Ngày tiếp xúc'), { target: { value: '2026-11-24' } });
    fireEvent.submit(form);

    await screen.findByText('Đã lưu phiếu điều tra; 1 người tiếp xúc được đề xuất.');
    expect(seen.find((r) => r.method === 'POST')?.body).toEqual({
      answers: { notes: 'Ăn trưa cùng đồng nghiệp' },
      contacts: [
        { fullName: 'Trần Văn Nam', phone: null, exposureType: 'workplace', exposureDate: '2026-11-24' },
      ],
    });
  });

  it('case page: a case dated before any confirmation rule says so and asks for an official', async () => {
    const view: CaseView = {
      case: {
        id: 'c-2021',
        personId: 'p-1',
        fullName: 'Võ Thị Lan',
        communeCode: '28756',
        districtCode: '829',
        diseaseCode: 'COVID-19',
        outbreakId: null,
        classification: 'suspected',
        status: 'open',
        onsetDate: null,
        sampleDate: '2021-03-15',
        confirmedAt: null,
        assignedTracerId: null,
        interviewDoneAt: null,
        contactCount: 0,
        infectiousFrom: '2021-03-13T02:00:00.000Z',
        infectiousTo: null,
        symptomatic: null,
        severity: null,
        placeOfCare: null,
        outcome: null,
        outcomeDate: null,
        note: null,
        missingRules: ['case.confirmationRule'],
        evidence: [],
      },
      person: { id: 'p-1', fullName: 'Võ Thị Lan', phone: null, address: null },
      epiStatus: null,
      contacts: [],
      contactsNextCursor: null,
      contactsOutsideJurisdiction: 0,
      interviews: [],
    };
    stubFetch({ ...signedIn, 'GET /api/cases/c-2021': () => ({ body: view }) });
    renderApp('/cases/c-2021');
    await screen.findByRole('heading', { name: 'Ca bệnh: Võ Thị Lan' });
    expect(screen.getByRole('alert').textContent).toContain('Chưa có quy định nào có hiệu lực');
    // The rule by its title, not its key; the disease by its name.
    expect(screen.getByRole('alert').textContent).toContain('Tiêu chí xác định ca bệnh (F0)');
    expect(screen.getByRole('alert').textContent).not.toContain('case.confirmationRule');
    expect(screen.getByText('COVID-19 (viêm đường hô hấp cấp do SARS-CoV-2)')).toBeTruthy();
  });

  it('citizen page: my status and my ward’s, in words', async () => {
    stubFetch({
      'GET /api/meta': () => ({ body: demoMeta }),
      'GET /api/auth/me': () => ({ status: 401, body: { error: { code: 'UNAUTHENTICATED', message: 'x' } } }),
      'GET /api/me/persons': () => ({
        body: {
          items: [
            {
              id: 'p-1',
              relation: 'self',
              fullName: 'Phạm Văn Dương',
              dateOfBirth: null,
              sex: null,
              idNumber: null,
              phone: null,
              address: null,
              commune: null,
              district: null,
            },
            {
              id: 'p-2',
              relation: 'ward',
              fullName: 'Phạm Nhật Thuỵ',
              dateOfBirth: null,
              sex: null,
              idNumber: null,
              phone: null,
              address: null,
              commune: null,
              district: null,
            },
          ],
        },
      }),
      'GET /api/me/epi-status': () => ({
        body: {
          items: [
            {
              personId: 'p-1',
              diseaseCode: 'COVID-19',
              degree: 1,
              proposedDegree: 1,
              status: 'f1',
              updatedAt: '2026-11-25T13:56:00.000Z',
              guidance: {
                kind: 'home_quarantine',
                basis: 'rule',
                until: '2026-12-02',
                ruleSource: '3638/QĐ-BYT',
                exposure: {
                  type: 'venue',
                  date: '2026-11-24',
                  venueName: 'Quán cơm Bà Tư',
                  from: '2026-11-24T05:00:00.000Z',
                  to: '2026-11-24T05:45:00.000Z',
                },
                hotlines: { advice: '1022', emergency: '115' },
                bookingUrl: '/me/tests/book?person=p-1&reason=contact',
              },
            },
            {
              personId: 'p-2',
              diseaseCode: 'COVID-19',
              degree: null,
              proposedDegree: 2,
              status: 'candidate',
              updatedAt: '2026-11-25T13:56:00.000Z',
            },
          ],
        },
      }),
    });
    renderApp('/me');

    const card = await screen.findByRole('region', { name: 'Tình trạng dịch tễ' });
    await within(card).findAllByTestId('epi-status');
    expect(
      within(card)
        .getAllByTestId('epi-status')
        .map((e) => e.textContent),
    ).toEqual(['F1 — đang theo dõi', 'Có thể là F2 (chờ xác nhận)']);
    expect(within(card).getByRole('heading', { name: 'Phạm Nhật Thuỵ' })).toBeTruthy();
    // The F1 is told what to do, until when, where and when, whom to call, and can book a test.
    const guide = within(card).getByRole('region', { name: 'Hướng dẫn cho bạn' });
    expect(guide.textContent).toContain('Cách ly tại nhà: ở trong nhà');
    expect(within(guide).getByTestId('f1-until').textContent).toContain('Dự kiến đến hết ngày 02/12/2026');
    expect(within(guide).getByTestId('f1-exposure').textContent).toContain(
      'Tại Quán cơm Bà Tư · Ngày 24/11/2026',
    );
    expect(within(guide).getByRole('link', { name: 'Cấp cứu: 115' }).getAttribute('href')).toBe('tel:115');
    expect(within(guide).getByRole('link', { name: 'Đặt lịch xét nghiệm' }).getAttribute('href')).toBe(
      '/me/tests/book?person=p-1&reason=contact',
    );
    expect(within(card).getAllByRole('region', { name: 'Hướng dẫn cho bạn' })).toHaveLength(1);
  });
});
