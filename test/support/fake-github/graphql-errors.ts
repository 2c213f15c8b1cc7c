import { GraphQLError } from "graphql";
import { GitHubError } from "./github-error.js";

/**
 * An error GitHub's GraphQL API reports beside `data`, with its `type`: NOT_FOUND, FORBIDDEN,
 * UNPROCESSABLE, INVALID_CURSOR_ARGUMENTS, … (https://docs.github.com/en/graphql/overview/about-the-graphql-api).
 */
export class GraphqlFault extends Error {
  constructor(
    readonly type: string | null,
    message: string,
  ) {
    super(message);
  }
}

export function notFoundFault(message: string): GraphqlFault {
  return new GraphqlFault("NOT_FOUND", message);
}

/** GitHub's answer to an installation that lacks the permission a field or mutation needs. */
export function forbiddenFault(): GraphqlFault {
  return new GraphqlFault("FORBIDDEN", "Resource not accessible by integration");
}

/** A field of GitHub's schema the fake does not serve: the fake must grow, the app is not wrong. */
export class NotImplementedFault extends GraphqlFault {
  constructor(readonly coordinate: string) {
    super(null, `fake GitHub does not implement ${coordinate}`);
  }
}

/** A REST action's refusal (404, 422 Validation Failed, …) as the GraphQL error GitHub gives. */
function fromRestError(error: GitHubError): GraphqlFault {
  const errors = error.extra.errors as Array<{ message?: string; field?: string; code?: string }> | undefined;
  const detail = errors?.map((entry) => entry.message ?? `${entry.field ?? "value"} is ${entry.code ?? "invalid"}`).join(", ");
  if (error.status === 404) return notFoundFault(error.message === "Not Found" ? "Could not resolve to a node" : error.message);
  if (error.status === 403) return new GraphqlFault("FORBIDDEN", error.message);
  return new GraphqlFault("UNPROCESSABLE", detail !== undefined && detail !== "" ? detail : error.message);
}

/** One entry of `errors` in GitHub's order: `type`, `path`, `locations`, `message`. */
export function formatError(error: GraphQLError): Record<string, unknown> {
  let original: unknown = error.originalError;
  if (original instanceof GitHubError) original = fromRestError(original);
  const type = original instanceof GraphqlFault ? original.type : null;
  const message = original instanceof GraphqlFault ? original.message : error.message;
  return {
    ...(type === null ? {} : { type }),
    ...(error.path === undefined ? {} : { path: error.path }),
    ...(error.locations === undefined ? {} : { locations: error.locations }),
    message,
  };
}
