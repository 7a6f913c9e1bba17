/** Early-warning alarms as the worklist and the map read them (server `analytics/alarms/routes.ts`). */
import { request } from '../../../api.ts';

/** The methods that raise alarms. */
export type AlarmMethod = 'C1' | 'C2' | 'C3' | 'weeklyIncidence';

/** One alarm of the caller's jurisdiction. */
export interface Alarm {
  id: string;
  communeCode: string;
  communeName: string | null;
  districtCode: string | null;
  disease: string;
  day: string;
  method: AlarmMethod;
  observed: number;
  threshold: number;
  status: 'open' | 'acknowledged' | 'closed';
  note: string | null;
  acknowledgedAt: string | null;
  closeReason: 'quiet' | 'resolved' | null;
  closeNote: string | null;
  closedAt: string | null;
}

export const alarmsApi = {
  /** Alarms of the jurisdiction not closed yet (open or acknowledged), newest first. */
  open: () => request<{ alarms: Alarm[] }>('GET', '/api/analytics/alarms?status=active'),
  /** Acknowledge one with a note. */
  acknowledge: (id: string, note: string) =>
    request<Alarm>('POST', `/api/analytics/alarms/${encodeURIComponent(id)}/acknowledge`, { note }),
  /** Close one as resolved with a note. */
  close: (id: string, note: string) =>
    request<Alarm>('POST', `/api/analytics/alarms/${encodeURIComponent(id)}/close`, { note }),
};

/** Open alarms grouped by commune code (the map's layer). */
export function alarmsByCommune(alarms: readonly Alarm[]): Map<string, Alarm[]> {
  const out = new Map<string, Alarm[]>();
  for (const a of alarms) {
    const list = out.get(a.communeCode) ?? [];
    list.push(a);
    out.set(a.communeCode, list);
  }
  return out;
}
