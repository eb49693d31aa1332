/**
 * A sleep that can be cut short: a reader waits between polls, and
 * `close()` wakes it so the last records are read without delay.
 */
export class Pause {
  #timer: NodeJS.Timeout | undefined;
  #resolve: (() => void) | undefined;

  wait(ms: number): Promise<void> {
    this.wake();
    return new Promise((resolve) => {
      this.#resolve = resolve;
      this.#timer = setTimeout(() => this.wake(), ms);
    });
  }

  wake(): void {
    clearTimeout(this.#timer);
    const resolve = this.#resolve;
    this.#timer = undefined;
    this.#resolve = undefined;
    resolve?.();
  }
}
