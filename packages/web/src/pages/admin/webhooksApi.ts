/** The webhook administration part of the API client (`/api/admin/webhooks…`, apikey:manage). */
import { request } from '../../api.ts';

/** Topics a subscription may choose (server `webhooks/fanout.ts` WEBHOOK_TOPICS). */
export const WEBHOOK_TOPICS = [
  'case.created',
  'testing.result_recorded',
  'vaccination.dose_recorded',
  'level.changed',
] as const;

/** A subscription as the server presents it (never its secret). */
export interface WebhookSubscription {
  id: string;
  name: string;
  url: string;
  topics: string[];
  jurisdictionCode: string;
  consecutiveFailures: number;
  disabledAt: string | null;
  createdAt: string;
}

/** One row of a subscription's delivery log. */
export interface WebhookDelivery {
  id: number;
  topic: string;
  status: string;
  attempts: number;
  lastStatus: number | null;
  lastError: string | null;
  createdAt: string;
  deliveredAt: string | null;
  availableAt: string;
}

const enc = encodeURIComponent;

export const webhooksApi = {
  list: () => request<{ items: WebhookSubscription[] }>('GET', '/api/admin/webhooks'),
  create: (s: { name: string; url: string; topics: string[]; jurisdictionCode: string }) =>
    request<{ subscription: WebhookSubscription; secret: string }>('POST', '/api/admin/webhooks', s),
  deliveries: (id: string) =>
    request<{ items: WebhookDelivery[] }>('GET', `/api/admin/webhooks/${enc(id)}/deliveries`),
  enable: (id: string) => request<undefined>('POST', `/api/admin/webhooks/${enc(id)}/enable`),
  disable: (id: string) => request<undefined>('POST', `/api/admin/webhooks/${enc(id)}/disable`),
  sendTest: (id: string) => request<{ deliveryId: number }>('POST', `/api/admin/webhooks/${enc(id)}/test`),
};

/** The catalogue key of a topic's label (`fhir.webhooks.topic.*`; dots are i18n separators). */
export function topicLabelKey(topic: string): string {
  return `fhir.webhooks.topic.${topic.replace(/\./gu, '_')}`;
}
