import { GraphqlFault } from "./graphql-errors.js";

export interface PageArgs {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
}

export interface Connection<N> {
  nodes: N[];
  edges: Array<{ cursor: string; node: N }>;
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  totalCount: number;
}

/** Cursors are opaque on GitHub (base64 of `cursor:v2:` and a position); the fake's are too. */
function encodeCursor(index: number): string {
  return Buffer.from(`cursor:v2:${index}`).toString("base64");
}

function decodeCursor(cursor: string): number {
  const match = /^cursor:v2:(\d+)$/.exec(Buffer.from(cursor, "base64").toString("utf8"));
  if (match === null) throw new GraphqlFault("INVALID_CURSOR_ARGUMENTS", `\`${cursor}\` does not appear to be a valid cursor.`);
  return Number(match[1]);
}

/**
 * One page of a list as a Relay connection: `after`/`before` narrow the window, then `first`
 * takes from its start or `last` from its end. The page sizes were checked (1–100, one of them
 * given) before execution, as GitHub checks them.
 */
export function connection<T, N>(items: readonly T[], args: PageArgs, toNode: (item: T) => N): Connection<N> {
  let lo = 0;
  let hi = items.length;
  if (typeof args.after === "string") lo = Math.max(lo, decodeCursor(args.after) + 1);
  if (typeof args.before === "string") hi = Math.min(hi, decodeCursor(args.before));
  if (typeof args.first === "number") hi = Math.min(hi, lo + args.first);
  if (typeof args.last === "number") lo = Math.max(lo, hi - args.last);
  const indexes: number[] = [];
  for (let index = lo; index < hi; index += 1) indexes.push(index);
  const edges = indexes.map((index) => ({ cursor: encodeCursor(index), node: toNode(items[index] as T) }));
  return {
    nodes: edges.map((edge) => edge.node),
    edges,
    pageInfo: {
      hasNextPage: hi < items.length,
      hasPreviousPage: lo > 0,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
    totalCount: items.length,
  };
}
