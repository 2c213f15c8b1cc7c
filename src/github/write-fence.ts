import { AsyncLocalStorage } from "node:async_hooks";

/**
 * What a write must pass first: the hold on the repository the work runs under (a queue's
 * lease). `check` throws when the hold is lost; `signal` aborts when it is lost, so a request
 * still waiting (pacing, a retry) is never sent.
 */
export interface Fence {
  check(): Promise<void>;
  readonly signal: AbortSignal;
}

const current = new AsyncLocalStorage<Fence | null>();

/**
 * The fence of the work running in this async context, carried by AsyncLocalStorage so that
 * every GitHub write the work makes — however deep, through whichever client — is checked
 * without threading the lease through every function (`fenceWrites` reads it).
 */
export const writeFence = {
  /** Runs `work` under `fence` (null: no fence, even inside another fenced work). */
  run<T>(fence: Fence | null, work: () => Promise<T>): Promise<T> {
    return current.run(fence, work);
  },
  current(): Fence | null {
    return current.getStore() ?? null;
  },
};
