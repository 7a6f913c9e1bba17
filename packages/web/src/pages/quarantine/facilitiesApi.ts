/** Quarantine facilities and hospitals (issue #16 item 2): the page's part of the API client. */
import { request } from '../../api.ts';

export interface FacilityItem {
  id: string;
  name: string;
  kind: string;
  unitCode: string;
  capacity: number | null;
  occupied: number;
  free: number | null;
}

export interface FacilityDetail {
  id: string;
  name: string;
  kind: string;
  capacity: number | null;
  occupied: number;
  byDay: { day: string; occupied: number; capacity: number | null }[];
  occupants: {
    orderId: string;
    personId: string;
    name: string;
    since: string;
    startDate: string;
    endDate: string;
  }[];
}

export interface PendingOrder {
  orderId: string;
  personId: string;
  name: string;
  communeCode: string | null;
  status: string;
  startDate: string;
  endDate: string;
}

const enc = encodeURIComponent;

export const facilitiesApi = {
  list: () => request<{ day: string; items: FacilityItem[] }>('GET', '/api/quarantine/facilities'),
  detail: (id: string) => request<FacilityDetail>('GET', `/api/quarantine/facilities/${enc(id)}`),
  pending: () => request<{ items: PendingOrder[] }>('GET', '/api/quarantine/facilities/pending'),
  setCapacity: (id: string, day: string, places: number) =>
    request<unknown>('POST', `/api/quarantine/facilities/${enc(id)}/capacity`, { day, places }),
  allocate: (orderId: string, facilityId: string) =>
    request<unknown>('POST', `/api/quarantine/orders/${enc(orderId)}/allocation`, { facilityId }),
  transfer: (orderId: string, facilityId: string, reason: string) =>
    request<unknown>('POST', `/api/quarantine/orders/${enc(orderId)}/transfer`, { facilityId, reason }),
};
