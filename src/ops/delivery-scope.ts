import { AsyncLocalStorage } from "node:async_hooks";

interface Handling {
  queued: boolean;
}

const handling = new AsyncLocalStorage<Handling>();

/**
 * Whether a webhook handler queued work for its delivery. The handler runs inside `run`, and
 * whatever queues the delivery's work calls `markQueued` on the way; a delivery that queued
 * nothing was answered and dropped from its payload alone (`ignored`).
 */
export const deliveryScope = {
  async run(handler: () => Promise<void>): Promise<{ queued: boolean }> {
    const state: Handling = { queued: false };
    await handling.run(state, handler);
    return { queued: state.queued };
  },

  markQueued(): void {
    const state = handling.getStore();
    if (state) state.queued = true;
  },
};
