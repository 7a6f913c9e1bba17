/**
 * A micro-batcher for hot-path reads: concurrent calls of one process are collected and answered
 * by ONE statement (one round trip, one socket write) instead of one each.
 *
 * Why: on the check-in hot path a round trip to PostgreSQL costs far more than the query it
 * carries (a socket write that wakes the backend, the backend's parse/bind/execute and its
 * answer; docs/checkin.md, "one round trip per batch"). No timer adds latency: a call arriving
 * while fewer than `maxInFlight` batches run is sent at the next turn of the event loop with
 * whatever else arrived in that turn; under load the calls arriving meanwhile wait for the next
 * batch, so batches grow with the load.
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
}

/** A call waiting for its answer. */
export interface Pending<I, O> {
  item: I;
  resolve(out: O): void;
  reject(e: unknown): void;
}

/** Collects concurrent calls and answers them with `run(items)` (one answer per item, same order). */
export class MicroBatcher<I, O> {
  private queue: Pending<I, O>[] = [];
  private inFlight = 0;
  private scheduled = false;
  /**
   * Batches answered and items answered so far, and of those batches how many another statement
   * carried (`settle`): what a test or a benchmark reads to see the batching.
   */
  readonly stats = { batches: 0, items: 0, carried: 0 };

  constructor(
    private readonly run: (items: I[]) => Promise<O[]>,
    private readonly options: MicroBatchOptions,
  ) {}

  /** Answer one item (sent with the next batch). */
  submit(item: I): Promise<O> {
    return new Promise((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
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
    if (this.scheduled || !this.mayStart()) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
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
