import PQueue from "p-queue";
import { metrics } from "../ops/metrics.js";
import type { RepoLock } from "./repo-lock.js";

export interface QueueLog {
  error: (details: object, message: string) => void;
}

interface Lane {
  queue: PQueue;
  jobs: number;
}

/**
 * One lane per repository: deliveries for one repository run one at a time, in the order
 * they arrived (a later push must never be overtaken by an earlier one), while different
 * repositories run in parallel. A lane is dropped when its last job settles, so an app
 * installed on many repositories holds no state for the idle ones. With a lock (Redis, when
 * several instances run), each job also holds the repository's lock across instances.
 */
export class RepoQueue {
  readonly #lanes = new Map<string, Lane>();
  readonly #settling = new Set<Promise<void>>();
  #lock: RepoLock | null = null;

  /** Jobs enqueued from now on run under `lock` (null: this process's lanes alone). */
  useLock(lock: RepoLock | null): void {
    this.#lock = lock;
  }

  /**
   * Adds a job and returns at once (a webhook must be answered within 10 s). A failing job is
   * logged and never rethrown: Probot would report it as a failed delivery, and the next
   * delivery for the repository must still run.
   */
  enqueue(repository: string, job: () => Promise<void>, log: QueueLog): void {
    const key = repository.toLowerCase();
    let lane = this.#lanes.get(key);
    if (!lane) {
      lane = { queue: new PQueue({ concurrency: 1 }), jobs: 0 };
      this.#lanes.set(key, lane);
    }
    const current = lane;
    current.jobs += 1;
    const lock = this.#lock;
    const enqueuedAt = performance.now();
    let started = false;
    // The wait ends when the job itself starts: after its turn on the lane and, with several
    // instances, after the repository's lock.
    const timed = () => {
      started = true;
      metrics.queueJobStarted((performance.now() - enqueuedAt) / 1000);
      return job();
    };
    metrics.queueJobAdded();
    const settled = current.queue
      .add(() => (lock ? lock.run(key, timed) : timed()))
      .catch((error: unknown) => log.error({ err: error, repo: repository }, "taskmirror job failed"))
      .finally(() => {
        metrics.queueJobFinished(started);
        current.jobs -= 1;
        if (current.jobs === 0 && this.#lanes.get(key) === current) this.#lanes.delete(key);
        this.#settling.delete(settled);
      });
    this.#settling.add(settled);
  }

  /** Resolves when every lane is idle, including jobs that were enqueued while waiting. */
  async onIdle(): Promise<void> {
    while (this.#settling.size > 0) await Promise.all([...this.#settling]);
  }

  /** Repositories that currently have queued or running work. */
  get busyRepositories(): number {
    return this.#lanes.size;
  }
}

/** The process-wide queue the webhook handlers share. */
export const repoQueue = new RepoQueue();
