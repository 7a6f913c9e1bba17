// @vitest-environment jsdom
import { act, cleanup, render } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { LiveEvent } from './useLiveEvents.ts';
import { RECONNECT_EVENT, isTracingEvent, useLiveEvents } from './useLiveEvents.ts';

/** The browser's EventSource as far as the hook uses it (jsdom has none): the test plays the server. */
class ServerStream {
  static last: ServerStream | null = null;
  private listeners = new Map<string, ((e: MessageEvent) => void)[]>();
  closed = false;
  constructor(readonly url: string) {
    ServerStream.last = this;
  }
  addEventListener(name: string, fn: (e: MessageEvent) => void): void {
    this.listeners.set(name, [...(this.listeners.get(name) ?? []), fn]);
  }
  removeEventListener(name: string, fn: (e: MessageEvent) => void): void {
    this.listeners.set(
      name,
      (this.listeners.get(name) ?? []).filter((f) => f !== fn),
    );
  }
  close(): void {
    this.closed = true;
  }
  emit(name: string, data = ''): void {
    for (const fn of this.listeners.get(name) ?? []) fn(new MessageEvent(name, { data }));
  }
}

function Screen({ onChange }: { onChange: (events: LiveEvent[]) => void }) {
  useLiveEvents(isTracingEvent, onChange, 10);
  return null;
}

describe('live events on a screen', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.stubGlobal('EventSource', ServerStream);
  });
  afterEach(() => {
    cleanup();
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('reloads the screen after the stream reconnects and when the server says reset, not on the first open', () => {
    const batches: LiveEvent[][] = [];
    render(<Screen onChange={(b) => batches.push(b)} />);
    const stream = ServerStream.last!;
    act(() => {
      stream.emit('open');
      vi.advanceTimersByTime(20);
    });
    expect(batches).toEqual([]);

    act(() => {
      stream.emit('case', JSON.stringify({ kind: 'case', id: 'c1' }));
      vi.advanceTimersByTime(20);
    });
    expect(batches.at(-1)?.map((e) => e.type)).toEqual(['case']);

    // The connection dropped and EventSource opened it again (sending Last-Event-ID itself).
    act(() => {
      stream.emit('open');
      vi.advanceTimersByTime(20);
    });
    expect(batches.at(-1)?.map((e) => e.type)).toEqual([RECONNECT_EVENT]);

    act(() => {
      stream.emit('reset', '{}');
      vi.advanceTimersByTime(20);
    });
    expect(batches.at(-1)?.map((e) => e.type)).toEqual([RECONNECT_EVENT]);
    expect(batches).toHaveLength(3);
  });
});
