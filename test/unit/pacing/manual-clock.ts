import type { Clock } from "../../../src/github/pacing/clock.js";

/** A clock that moves only when slept on: every wait is exact and instant. */
export class ManualClock implements Clock {
  readonly sleeps: number[] = [];
  constructor(public time = Date.UTC(2026, 0, 5, 14, 0, 0)) {}
  now(): number {
    return this.time;
  }
  async sleep(ms: number): Promise<void> {
    this.sleeps.push(ms);
    this.time += ms;
  }
  realMs(ms: number): number {
    return ms;
  }
}
