import type { RecordedRequest } from "./fake-github/index.js";

export interface RequestTally {
  reads: number;
  writes: number;
  /** `METHOD route` → count; a GraphQL document as `POST /graphql query|mutation rootField…`. */
  readRoutes: Record<string, number>;
  writeRoutes: Record<string, number>;
}

/**
 * The fake's request log as reads and writes, the way the app counts them
 * (src/github/count-requests.ts): GET is a read, and so is a GraphQL query, sent as a POST; a
 * mutation is a write. Installation-token requests are neither.
 */
export function tallyRequests(requests: readonly RecordedRequest[]): RequestTally {
  const tally: RequestTally = { reads: 0, writes: 0, readRoutes: {}, writeRoutes: {} };
  for (const request of requests) {
    if (/\/access_tokens$/.test(request.path)) continue;
    const read = request.method === "GET" || request.graphql?.operation === "query";
    const route = request.graphql ? `${request.method} /graphql ${request.graphql.operation ?? "?"} ${request.graphql.rootFields.join(",")}` : `${request.method} ${request.route}`;
    const routes = read ? tally.readRoutes : tally.writeRoutes;
    routes[route] = (routes[route] ?? 0) + 1;
    if (read) tally.reads += 1;
    else tally.writes += 1;
  }
  return tally;
}
