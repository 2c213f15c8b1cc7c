import { AsyncLocalStorage } from "node:async_hooks";

export interface WriteSliceOptions {
  /** The longest wait for one write before the slice stops: a minute's pacing is waited out, an hour's is not. */
  maxWaitMs?: number;
  /** Clock time after which the slice waits for no write at all (it does not hold the instance for hours). */
  deadline?: number;
  /** Places of the hour's budget the slice leaves free: the report on its progress still has room. */
  reserve?: number;
  /** Ends waits early (the repository's hold was lost). */
  signal?: AbortSignal;
}

const current = new AsyncLocalStorage<WriteSlice>();
const operation = new AsyncLocalStorage<OperationScope>();

/** One operation's writes: once its first is sent, the rest are made whatever the slice says. */
export interface OperationScope {
  started: boolean;
}

/**
 * The writes made within `run`: how long they waited for the budget, and — for a budgeted
 * slice — when the budget stopped it. Found by the pacer through the async context, so a slice
 * covers every request its work makes, however deep.
 */
export class WriteSlice {
  readonly maxWaitMs: number;
  readonly deadline: number;
  readonly reserve: number;
  readonly signal: AbortSignal | undefined;
  /** Writes that waited for the content budget, and how long in all (clock ms). */
  waits = 0;
  waitedMs = 0;
  /** Rate-limit answers GitHub sent anyway, and the seconds waited after them. */
  rateLimited = 0;
  rateLimitedSeconds = 0;
  /** Set when a write was not made for the budget: when the next one fits (clock ms). */
  spentUntil: number | null = null;

  constructor(options: WriteSliceOptions = {}) {
    this.maxWaitMs = options.maxWaitMs ?? Infinity;
    this.deadline = options.deadline ?? Infinity;
    this.reserve = options.reserve ?? 0;
    this.signal = options.signal;
  }

  run<T>(work: () => Promise<T>): Promise<T> {
    return current.run(this, work);
  }

  static current(): WriteSlice | undefined {
    return current.getStore();
  }

  /**
   * Runs one operation of a plan (a create and the close of a done task's new issue, a
   * comment and its close): the slice may stop it before its first write, never between two —
   * half an operation is something the next plan cannot tell from a person's change (an open
   * issue whose marker says done reads as reopened by someone). The slice's reserve leaves
   * room in the hour for the rest of the one operation it was in.
   */
  static operation<T>(work: () => Promise<T>): Promise<T> {
    return operation.run({ started: false }, work);
  }

  static currentOperation(): OperationScope | undefined {
    return operation.getStore();
  }
}
