/** The quarantine module's part of the API client (typed; same `request` as the rest of the app). */
import { request } from '../../api.ts';

/** A warning sign or missed-forms run of an alert. */
export interface Sign {
  code: string;
  value?: number;
  threshold?: number;
  count?: number;
}

export interface OrderItem {
  id: string;
  personId: string;
  name: string;
  phone: string | null;
  communeCode: string | null;
  kind: string;
  status: string;
  role: string;
  startDate: string;
  quarantineEnd: string;
  endDate: string;
  testsDue: string[];
  ruleSource: string | null;
}

export interface AlertItem {
  id: string;
  orderId: string;
  personId: string;
  name: string;
  phone: string | null;
  communeCode: string | null;
  kind: string;
  signs: Sign[];
  level: string;
  status: string;
  raisedAt: string;
}

export interface Section<T> {
  items: T[];
  total: number;
}

export interface Worklist {
  day: string;
  slotDueBy: string | null;
  alerts: Section<AlertItem>;
  proposed: Section<OrderItem>;
  formsDue: Section<OrderItem>;
  testsDue: Section<OrderItem>;
  releasesDue: Section<OrderItem>;
}

/** A health form's readings (null: not measured). */
export interface Readings {
  symptoms: string[];
  temperatureC: number | null;
  spo2: number | null;
  pulse: number | null;
  respiratoryRate: number | null;
  systolic: number | null;
  diastolic: number | null;
}

export interface FormOutcome {
  formId: string;
  signs: Sign[];
  alertId: string | null;
  hotlines: { advice: string; emergency: string };
}

const enc = encodeURIComponent;

export const quarantineApi = {
  worklist: () => request<Worklist>('GET', '/api/quarantine/worklist'),
  confirm: (ids: string[]) =>
    request<{ confirmed: number }>('POST', '/api/quarantine/orders/confirm', { ids }),
  release: (id: string) => request<OrderItem>('POST', `/api/quarantine/orders/${enc(id)}/release`),
  extend: (id: string, days: number, reason: string) =>
    request<OrderItem>('POST', `/api/quarantine/orders/${enc(id)}/extend`, { days, reason }),
  acknowledge: (id: string, note: string) =>
    request<undefined>('POST', `/api/quarantine/alerts/${enc(id)}/acknowledge`, { note }),
  documentUrl: (id: string, type: 'order' | 'release') =>
    `/api/quarantine/orders/${enc(id)}/document?type=${type}`,
  formOf: (token: string) =>
    request<{ kind: string; start: string; end: string; hotlines: { advice: string; emergency: string } }>(
      'GET',
      `/api/public/quarantine/forms/${enc(token)}`,
    ),
  submit: (token: string, readings: Readings) =>
    request<FormOutcome>('POST', `/api/public/quarantine/forms/${enc(token)}`, readings),
  verify: (code: string) =>
    request<{
      valid: boolean;
      document: string | null;
      kind: string | null;
      start: string | null;
      end: string | null;
      status: string | null;
    }>('GET', `/api/public/quarantine/verify/${enc(code)}`),
};
