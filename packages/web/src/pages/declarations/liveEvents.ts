/**
 * Live updates of the declaration lists: the officials' event stream (`GET /api/events`, filtered
 * by the server to the listener's jurisdiction) carries `declaration` events (kind and id only);
 * a burst of them, a reset or a reconnect reloads the list once.
 */
import { useEffect, useRef } from 'react';

/** The SSE event names that mean "the declarations changed". */
export const DECLARATION_EVENTS = ['declaration'] as const;

/** Call `onChange` at most once per `delayMs` while declaration events arrive. */
export function useDeclarationEvents(onChange: () => void, delayMs = 250): void {
  const changeRef = useRef(onChange);
  useEffect(() => {
    changeRef.current = onChange;
  });
  useEffect(() => {
    if (typeof EventSource === 'undefined') return;
    const source = new EventSource('/api/events', { withCredentials: true });
    let timer: ReturnType<typeof setTimeout> | null = null;
    const queue = () => {
      timer ??= setTimeout(() => {
        timer = null;
        changeRef.current();
      }, delayMs);
    };
    let opened = false;
    const onOpen = () => {
      if (opened) queue();
      opened = true;
    };
    const names = [...DECLARATION_EVENTS, 'reset'];
    for (const name of names) source.addEventListener(name, queue);
    source.addEventListener('open', onOpen);
    return () => {
      for (const name of names) source.removeEventListener(name, queue);
      source.removeEventListener('open', onOpen);
      if (timer) clearTimeout(timer);
      source.close();
    };
  }, [delayMs]);
}
