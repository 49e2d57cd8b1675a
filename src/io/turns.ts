/**
 * Turns of the event loop for long work on its thread. A server's event loop answers every
 * request, health checks included; work that runs for longer than a slice (a few milliseconds)
 * hands it a turn, then goes on. SQLite's driver is synchronous, so a store transaction of many
 * rows is such work too: its queries resolve without the loop ever getting a turn of its own.
 */

/** The longest a piece of work holds the event loop's thread before it gives the loop a turn. */
export const SLICE_MS = 10;

/** One turn of the event loop (after the I/O it has waiting). */
function nextTurn(): Promise<void> {
  return new Promise<void>((resolve) => setImmediate(resolve));
}

/** Says when a slice of work has run its time; awaiting `due()` then gives the event loop its turn. */
export class TimeSlices {
  #start = performance.now();

  constructor(readonly sliceMs: number = SLICE_MS) {}

  /** A promise to await when the slice is over (the loop's turn); undefined (go on) otherwise. */
  due(): Promise<void> | undefined {
    return performance.now() - this.#start >= this.sliceMs ? this.turn() : undefined;
  }

  /** A turn of the event loop now; the next slice starts after it. */
  async turn(): Promise<void> {
    await nextTurn();
    this.#start = performance.now();
  }
}
