/**
 * A micro-batcher for hot-path reads: concurrent calls of one process are collected and answered
 * by ONE statement (one round trip, one socket write) instead of one each.
 *
 * Why: on the check-in hot path a round trip to PostgreSQL costs far more than the query it
 * carries (a socket write that wakes the backend, the backend's parse/bind/execute and its
 * answer; docs/checkin.md, "one round trip per batch"). A call arriving while fewer than
 * `maxInFlight` batches run is sent at the next turn of the event loop with whatever else arrived in
 * that turn; under load the calls arriving meanwhile wait for the next batch, so batches grow with
 * the load. With a {@link Linger}, a batch may also wait a few ms to fill, but only while calls
 * arrive fast enough to fill it.
 *
 * If a batch fails, its calls are retried one by one so that one bad call cannot fail the others.
 * Nothing is cached: every call is answered by a statement sent after it arrived.
 */

/** Limits of a batcher: batches running at once (connections used) and calls per batch. */
export interface MicroBatchOptions {
  maxInFlight: number;
  maxItems: number;
  /**
   * Batches allowed at once while at least `maxItems` calls wait (default `maxInFlight`): a
   * batcher kept to one batch at a time for large batches still uses more connections once a
   * full batch is waiting, so its throughput is not capped at `maxItems` per batch duration.
   */
  maxInFlightWhenFull?: number;
  /** Wait a little for a fuller batch under load (see {@link Linger}); none by default. */
  linger?: Linger;
}

/**
 * How long a batch may wait to fill under load. Each statement has a fixed cost in the server and
 * in PostgreSQL far above its cost per item (docs/checkin.md), so at a high arrival rate a batch
 * sent the moment a slot is free carries a few items and the fixed cost is paid again and again.
 * With a linger, a batch whose slot is free waits until `fillTarget` items are waiting or its oldest
 * item has waited `ms`, whichever comes first, but only while the arrival rate promises at least
 * two more items within `ms`: at a low rate nothing waits (a lone request is sent at once).
 */
export interface Linger {
  ms: number;
  fillTarget: number;
}

/**
 * The check-in hot path's linger (check-in batches and citizen session lookups, PostgreSQL): at
 * 3,200-3,600 check-ins/s it halved the statements per check-in (0.21 -> 0.10, 0.15 -> 0.08) and cut
 * the server's and PostgreSQL's CPU per check-in by 15-20 % each, for a few ms more at the median
 * (docs/checkin.md, "A batch that waits to fill"). Below ~500 arrivals/s nothing waits.
 */
export const HOT_PATH_LINGER: Linger = { ms: 4, fillTarget: 32 };

/** Arrivals per millisecond, from the last complete window of {@link ArrivalMeter.WINDOW_MS}. */
export class ArrivalMeter {
  static readonly WINDOW_MS = 50;
  private windowStart = 0;
  private count = 0;
  private previous = 0;

  note(now: number, n = 1): void {
    this.roll(now);
    this.count += n;
  }

  perMs(now: number): number {
    this.roll(now);
    return this.previous / ArrivalMeter.WINDOW_MS;
  }

  private roll(now: number): void {
    const elapsed = now - this.windowStart;
    if (elapsed < ArrivalMeter.WINDOW_MS) return;
    // A window with no arrival after the last one means the rate has dropped to nothing.
    this.previous = elapsed < 2 * ArrivalMeter.WINDOW_MS ? this.count : 0;
    this.count = 0;
    this.windowStart = now;
  }
}

/**
 * Milliseconds a batch of `waiting` items, the oldest queued at `oldestAt`, should still wait for
 * more (0: send now). Pure: `now` and the rate are passed in.
 */
export function lingerDelay(
  linger: Linger | undefined,
  perMs: number,
  waiting: number,
  oldestAt: number,
  now: number,
): number {
  if (!linger || linger.ms <= 0 || waiting >= linger.fillTarget) return 0;
  if (perMs * linger.ms < 2) return 0;
  const left = linger.ms - (now - oldestAt);
  if (left <= 0) return 0;
  return Math.min(left, (linger.fillTarget - waiting) / perMs);
}

/**
 * When a batcher sends its next batch: at the next turn of the event loop, or after the linger
 * ({@link lingerDelay}) when calls arrive fast enough; a waiting batch leaves at once when full.
 * Shared by the batchers of the hot path (this file's, checkin/batch.ts).
 */
export class SendClock {
  private scheduled = false;
  private timer: NodeJS.Timeout | null = null;
  private readonly arrivals = new ArrivalMeter();

  constructor(private readonly linger: Linger | undefined) {}

  /** A sending is already on its way (the next turn, or a linger's timer). */
  get pending(): boolean {
    return this.scheduled;
  }

  /** A call arrived at `at` and `waiting` calls now wait: a batch waiting to fill leaves if full. */
  arrived(at: number, waiting: number): void {
    this.arrivals.note(at);
    if (this.timer && waiting >= (this.linger?.fillTarget ?? 1)) {
      clearTimeout(this.timer);
      this.timer = null;
      this.scheduled = false;
    }
  }

  /** Call `send` at the next turn, or once the linger has passed (nothing if already pending). */
  schedule(waiting: number, oldestAt: number, send: () => void): void {
    if (this.scheduled) return;
    this.scheduled = true;
    const now = performance.now();
    const wait = lingerDelay(this.linger, this.arrivals.perMs(now), waiting, oldestAt, now);
    const go = () => {
      this.timer = null;
      this.scheduled = false;
      send();
    };
    if (wait <= 0) setImmediate(go);
    else this.timer = setTimeout(go, wait);
  }
}

/** A call waiting for its answer. */
export interface Pending<I, O> {
  item: I;
  /** When it was queued (`performance.now()`). */
  at: number;
  resolve(out: O): void;
  reject(e: unknown): void;
}

/** Collects concurrent calls and answers them with `run(items)` (one answer per item, same order). */
export class MicroBatcher<I, O> {
  private queue: Pending<I, O>[] = [];
  private inFlight = 0;
  private readonly clock: SendClock;
  /**
   * Batches answered and items answered so far, and of those batches how many another statement
   * carried (`settle`): what a test or a benchmark reads to see the batching.
   */
  readonly stats = { batches: 0, items: 0, carried: 0 };

  constructor(
    private readonly run: (items: I[]) => Promise<O[]>,
    private readonly options: MicroBatchOptions,
  ) {
    this.clock = new SendClock(options.linger);
  }

  /** Answer one item (sent with the next batch). */
  submit(item: I): Promise<O> {
    return new Promise((resolve, reject) => {
      const at = performance.now();
      this.queue.push({ item, at, resolve, reject });
      this.clock.arrived(at, this.queue.length);
      this.schedule();
    });
  }

  /**
   * Take up to `max` waiting calls off the queue so that another statement can carry them (a
   * check-in batch carries the session lookups waiting at that moment: checkin/batch.ts). The
   * taker must settle every one: `settle` with the answers, or `answerTaken` to send them on their
   * own after all (e.g. the carrying statement failed).
   */
  takeWaiting(max: number): Pending<I, O>[] {
    return this.queue.splice(0, max);
  }

  /** Answer calls taken by `takeWaiting` with the answers another statement gave (same order). */
  settle(taken: Pending<I, O>[], outs: O[]): void {
    this.stats.batches++;
    this.stats.carried++;
    this.stats.items += taken.length;
    taken.forEach((p, i) => {
      p.resolve(outs[i]!);
    });
  }

  /** Answer calls taken by `takeWaiting` by this batcher's own statement (one by one on failure). */
  answerTaken(taken: Pending<I, O>[]): Promise<void> {
    return this.answer(taken);
  }

  /** Whether another batch may start now. */
  private mayStart(): boolean {
    if (this.queue.length === 0) return false;
    if (this.inFlight < this.options.maxInFlight) return true;
    const whenFull = this.options.maxInFlightWhenFull ?? this.options.maxInFlight;
    return this.inFlight < whenFull && this.queue.length >= this.options.maxItems;
  }

  private schedule(): void {
    if (this.clock.pending || !this.mayStart()) return;
    this.clock.schedule(this.queue.length, this.queue[0]!.at, () => {
      this.flush();
    });
  }

  private flush(): void {
    while (this.mayStart()) {
      const batch = this.queue.splice(0, this.options.maxItems);
      this.inFlight++;
      void this.answer(batch).finally(() => {
        this.inFlight--;
        this.schedule();
      });
    }
  }

  private async answer(batch: Pending<I, O>[]): Promise<void> {
    let outs: O[];
    this.stats.batches++;
    try {
      outs = await this.run(batch.map((p) => p.item));
      if (outs.length !== batch.length) throw new Error('a batch answered a different number of items');
    } catch (e) {
      if (batch.length === 1) {
        batch[0]!.reject(e);
        return;
      }
      // One by one, so the failure stays with the call that caused it.
      await Promise.all(batch.map((p) => this.answer([p])));
      return;
    }
    this.stats.items += batch.length;
    batch.forEach((p, i) => {
      p.resolve(outs[i]!);
    });
  }
}
