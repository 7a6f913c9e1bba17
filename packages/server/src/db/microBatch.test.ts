/**
 * The micro-batcher of the hot paths: concurrent calls share one statement, each gets its own
 * answer, a failing batch is retried call by call so that only the bad call fails, and no more
 * batches run at once than allowed. Under load a batch may wait a few ms to fill (linger), never at
 * a low rate.
 */
import { describe, expect, it } from 'vitest';
import { ArrivalMeter, MicroBatcher, lingerDelay } from './microBatch.ts';

describe('MicroBatcher', () => {
  it('answers the calls of one turn of the event loop with one batch, each with its own answer', async () => {
    const sent: number[][] = [];
    const b = new MicroBatcher(
      (xs: number[]) => {
        sent.push(xs);
        return Promise.resolve(xs.map((x) => x * 10));
      },
      { maxInFlight: 2, maxItems: 100 },
    );
    const answers = await Promise.all([1, 2, 3, 4].map((x) => b.submit(x)));
    expect(answers).toEqual([10, 20, 30, 40]);
    expect(sent).toEqual([[1, 2, 3, 4]]);
    expect(b.stats).toEqual({ batches: 1, items: 4, carried: 0 });
  });

  it('while the allowed batches run, new calls wait and leave together in the next batch', async () => {
    const sent: number[][] = [];
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    const b = new MicroBatcher(
      async (xs: number[]) => {
        sent.push(xs);
        if (sent.length === 1) await gate;
        return xs;
      },
      { maxInFlight: 1, maxItems: 3 },
    );
    const first = b.submit(0);
    await new Promise((r) => setImmediate(r));
    const later = [1, 2, 3, 4, 5].map((x) => b.submit(x));
    await new Promise((r) => setImmediate(r));
    expect(sent).toEqual([[0]]); // one batch at a time: the others wait
    release();
    expect(await Promise.all([first, ...later])).toEqual([0, 1, 2, 3, 4, 5]);
    expect(sent).toEqual([[0], [1, 2, 3], [4, 5]]); // at most maxItems per batch
  });

  it('once a full batch waits, another may start beside the running one (maxInFlightWhenFull)', async () => {
    const sent: number[][] = [];
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    const b = new MicroBatcher(
      async (xs: number[]) => {
        sent.push(xs);
        if (sent.length === 1) await gate;
        return xs;
      },
      { maxInFlight: 1, maxItems: 3, maxInFlightWhenFull: 2 },
    );
    const first = b.submit(0);
    await new Promise((r) => setImmediate(r));
    const two = [1, 2].map((x) => b.submit(x));
    await new Promise((r) => setImmediate(r));
    expect(sent).toEqual([[0]]); // not full: the two wait for the running batch
    const more = [3, 4, 5].map((x) => b.submit(x));
    await new Promise((r) => setImmediate(r));
    expect(sent).toEqual([[0], [1, 2, 3]]); // full: a second batch starts while the first runs
    release();
    expect(await Promise.all([first, ...two, ...more])).toEqual([0, 1, 2, 3, 4, 5]);
    expect(sent).toEqual([[0], [1, 2, 3], [4, 5]]);
  });

  it('a failing batch is retried call by call: only the call that fails is refused', async () => {
    const b = new MicroBatcher(
      (xs: number[]) =>
        xs.includes(13) ? Promise.reject(new Error('unlucky')) : Promise.resolve(xs.map((x) => -x)),
      { maxInFlight: 2, maxItems: 100 },
    );
    const results = await Promise.allSettled([1, 13, 2].map((x) => b.submit(x)));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(results[0]).toEqual({ status: 'fulfilled', value: -1 });
    expect(results[2]).toEqual({ status: 'fulfilled', value: -2 });
  });

  it('waiting calls taken by another statement are answered by it, or by their own batch if it fails', async () => {
    const sent: number[][] = [];
    const b = new MicroBatcher(
      (xs: number[]) => {
        sent.push(xs);
        return Promise.resolve(xs.map((x) => x + 1));
      },
      { maxInFlight: 1, maxItems: 100 },
    );
    const carried = [1, 2].map((x) => b.submit(x));
    const taken = b.takeWaiting(10);
    expect(taken.map((p) => p.item)).toEqual([1, 2]);
    b.settle(taken, [100, 200]);
    expect(await Promise.all(carried)).toEqual([100, 200]);
    const retried = [3, 4].map((x) => b.submit(x));
    void b.answerTaken(b.takeWaiting(10));
    expect(await Promise.all(retried)).toEqual([4, 5]);
    // Nothing was left in the queue for a statement of its own, and only the retry was sent.
    await new Promise((r) => setImmediate(r));
    expect(sent).toEqual([[3, 4]]);
    expect(b.stats).toEqual({ batches: 2, items: 4, carried: 1 });
  });

  it('a batch answering the wrong number of items fails rather than hand out answers to the wrong calls', async () => {
    const b = new MicroBatcher((xs: number[]) => Promise.resolve(xs.slice(1)), {
      maxInFlight: 1,
      maxItems: 100,
    });
    const results = await Promise.allSettled([1, 2].map((x) => b.submit(x)));
    expect(results.every((r) => r.status === 'rejected')).toBe(true);
  });

  describe('linger: a batch waits to fill only while calls arrive fast enough to fill it', () => {
    const linger = { ms: 4, fillTarget: 32 };
    /** A batcher recording its batches, with a linger far longer than a test: only the fill target sends early. */
    const lingering = () => {
      const sent: number[][] = [];
      const b = new MicroBatcher(
        (xs: number[]) => {
          sent.push(xs);
          return Promise.resolve(xs);
        },
        { maxInFlight: 2, maxItems: 100, linger: { ms: 600_000, fillTarget: 5 } },
      );
      return { sent, b };
    };

    it('sends at once without a linger, at a low rate, when full, or when the oldest call has waited long enough', () => {
      expect(lingerDelay(undefined, 10, 1, 0, 0)).toBe(0);
      expect(lingerDelay(linger, 0.4, 1, 0, 0)).toBe(0); // 400/s: under 2 calls expected in 4 ms
      expect(lingerDelay(linger, 3, 32, 0, 0)).toBe(0); // full
      expect(lingerDelay(linger, 3, 5, 100, 104)).toBe(0); // waited 4 ms already
    });

    it('under load waits the shorter of the time left and the time the rate needs to fill the batch', () => {
      expect(lingerDelay(linger, 3, 5, 100, 101)).toBe(3); // 27 more at 3/ms would take 9 ms: 3 ms left
      expect(lingerDelay(linger, 10, 2, 100, 100)).toBeCloseTo(3); // 30 more at 10/ms: 3 ms
    });

    it('measures the rate over the last complete window and forgets it when arrivals stop', () => {
      const m = new ArrivalMeter();
      m.note(0, 1);
      m.note(ArrivalMeter.WINDOW_MS, 100);
      expect(m.perMs(ArrivalMeter.WINDOW_MS + 1)).toBe(1 / ArrivalMeter.WINDOW_MS); // the window just closed
      expect(m.perMs(2 * ArrivalMeter.WINDOW_MS + 1)).toBe(100 / ArrivalMeter.WINDOW_MS);
      expect(m.perMs(5 * ArrivalMeter.WINDOW_MS)).toBe(0); // nothing for two windows: no rate
    });

    it('under load, waiting calls leave together once enough have arrived', async () => {
      const { sent, b } = lingering();
      // A burst measures the rate (the first calls go at once: no rate is known yet) …
      await Promise.all(Array.from({ length: 50 }, (_, i) => b.submit(i)));
      const burst = sent.length;
      await new Promise((r) => setTimeout(r, ArrivalMeter.WINDOW_MS + 10)); // the window closes
      // … then calls wait for company: four are not sent, the fifth sends all five.
      const four = [100, 101, 102, 103].map((x) => b.submit(x));
      await new Promise((r) => setImmediate(r));
      await new Promise((r) => setImmediate(r));
      expect(sent.length).toBe(burst);
      const fifth = b.submit(104);
      expect(await Promise.all([...four, fifth])).toEqual([100, 101, 102, 103, 104]);
      expect(sent.at(-1)).toEqual([100, 101, 102, 103, 104]);
    });

    it('a lone call at a low rate is sent at the next turn, linger or not', async () => {
      const { sent, b } = lingering();
      expect(await b.submit(7)).toBe(7);
      expect(sent).toEqual([[7]]);
    });
  });
});
