import { sleepReal, type Clock } from "../../src/github/pacing/clock.js";
import type { FakeClock } from "./fake-github/fake-clock.js";

/** The pacer's clock reading the fake GitHub's (scaled) budget clock: both agree on every window. */
export function scaledClock(clock: FakeClock): Clock {
  return {
    now: () => clock.now(),
    sleep: (ms, signal) => sleepReal(clock.toRealMs(ms), signal),
    realMs: (ms) => clock.toRealMs(ms),
  };
}
