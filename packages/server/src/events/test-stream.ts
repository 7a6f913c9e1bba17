/** A test's open server-sent event stream over real HTTP: `next(match)` waits for the first event that matches. */
import { expect } from 'vitest';

/** One received event: its SSE name and parsed data. */
export interface ReceivedEvent {
  event: string;
  data: Record<string, unknown>;
}

/** Open `path` on `base` with the caller's cookie; resolves once the server says it listens. */
export async function openEventStream(base: string, cookie: string, path: string) {
  const controller = new AbortController();
  const res = await fetch(`${base}${path}`, { headers: { cookie }, signal: controller.signal });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('text/event-stream');
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  let connected = false;
  const received: ReceivedEvent[] = [];
  async function pump(): Promise<boolean> {
    const { value, done } = await reader.read();
    if (done) return false;
    buffer += decoder.decode(value, { stream: true });
    let cut = buffer.indexOf('\n\n');
    while (cut >= 0) {
      const block = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      if (block === ': connected') connected = true;
      const event = /^event: (.+)$/mu.exec(block)?.[1];
      const data = /^data: (.+)$/mu.exec(block)?.[1];
      if (event && data) received.push({ event, data: JSON.parse(data) as Record<string, unknown> });
      cut = buffer.indexOf('\n\n');
    }
    return true;
  }
  while (!connected) await pump();
  return {
    received,
    async next(match: (e: ReceivedEvent) => boolean): Promise<ReceivedEvent> {
      for (;;) {
        const found = received.find(match);
        if (found) return found;
        if (!(await pump())) throw new Error('stream ended');
      }
    },
    close: () => {
      controller.abort();
    },
  };
}
