/**
 * Live updates: one `EventSource` on `GET /api/events` (server-sent events, filtered by the
 * server to the listener's jurisdiction). Screens pass a filter and a callback; bursts of events
 * are coalesced into one call, so a screen reloads once per burst, never the whole page.
 * EventSource reconnects by itself and sends `Last-Event-ID`, so the server replays what the
 * stream missed; on every reconnect (and when the server says `reset`) the screen reloads its
 * data anyway (a `reconnect` event, whatever the filter), so nothing from the gap is lost.
 */
import { useEffect, useRef } from 'react';

/** What the screens get of an event: its kind (the payload's `kind`, else the SSE event name) and payload. */
export interface LiveEvent {
  type: string;
  data: Record<string, unknown>;
}

/** The event stream's URL (officials; citizens listen on MY_EVENTS_URL to their own records). */
export const EVENTS_URL = '/api/events';
export const MY_EVENTS_URL = '/api/me/events';

function parse(type: string, raw: unknown): LiveEvent {
  let data: Record<string, unknown> = {};
  if (typeof raw === 'string' && raw !== '') {
    try {
      const parsed: unknown = JSON.parse(raw);
      if (typeof parsed === 'object' && parsed !== null) data = parsed as Record<string, unknown>;
    } catch {
      data = {};
    }
  }
  const named =
    typeof data.type === 'string' ? data.type : typeof data.topic === 'string' ? data.topic : type;
  return { type: named, data };
}

/** The event a screen gets when the stream reconnected or was reset: reload everything shown. */
export const RECONNECT_EVENT = 'reconnect';

/** Event names the server may use (SSE `event:` lines); unnamed events arrive as `message`. */
const NAMED = [
  'message',
  'case',
  'contact',
  'epiStatus',
  'followUp',
  'change',
  'indicator',
  'alarm',
  'quarantine',
  'quarantineAlert',
];

/**
 * Call `onChange` (at most once per `delayMs`) when an event matching `accept` arrives. The
 * connection reconnects by itself (EventSource does); it closes with the component.
 */
export function useLiveEvents(
  accept: (e: LiveEvent) => boolean,
  onChange: (events: LiveEvent[]) => void,
  delayMs = 250,
  url: string = EVENTS_URL,
): void {
  const acceptRef = useRef(accept);
  const changeRef = useRef(onChange);
  useEffect(() => {
    acceptRef.current = accept;
    changeRef.current = onChange;
  });
  useEffect(() => {
    if (typeof EventSource === 'undefined') return;
    const source = new EventSource(url, { withCredentials: true });
    let pending: LiveEvent[] = [];
    let timer: ReturnType<typeof setTimeout> | null = null;
    const queue = (event: LiveEvent) => {
      pending.push(event);
      timer ??= setTimeout(() => {
        timer = null;
        const batch = pending;
        pending = [];
        changeRef.current(batch);
      }, delayMs);
    };
    const handler = (type: string) => (msg: MessageEvent) => {
      const event = parse(type, msg.data);
      if (acceptRef.current(event)) queue(event);
    };
    let opened = false;
    const reload = () => {
      queue({ type: RECONNECT_EVENT, data: {} });
    };
    const onOpen = () => {
      if (opened) reload();
      opened = true;
    };
    const listeners = [
      ...NAMED.map((name) => [name, handler(name)] as const),
      ['reset', reload] as const,
      ['open', onOpen] as const,
    ];
    for (const [name, fn] of listeners) source.addEventListener(name, fn);
    return () => {
      for (const [name, fn] of listeners) source.removeEventListener(name, fn);
      if (timer) clearTimeout(timer);
      source.close();
    };
  }, [delayMs, url]);
}

/** Accept events about cases, contacts, follow-ups or epi status (the tracing screens' filter). */
export function isTracingEvent(e: LiveEvent): boolean {
  return /case|contact|epi|follow|interview|status|result/u.test(e.type);
}
