/**
 * The micro-batcher of the hot paths: concurrent calls share one statement, each gets its own
 * answer, a failing batch is retried call by call so that only the bad call fails, and no more
 * batches run at once than allowed.
 */
import { describe, expect, it } from 'vitest';
import { MicroBatcher } from './microBatch.ts';

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
});
