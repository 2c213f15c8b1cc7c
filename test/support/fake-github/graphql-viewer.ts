import type { RouteResponse } from "./router.js";
import type { Account } from "./types.js";

/** `{ viewer { login } }`, with or without `query`, a name and whitespace. */
const VIEWER_LOGIN = /^\s*(query\s*\w*\s*)?\{\s*viewer\s*\{\s*login\s*\}\s*\}\s*$/;

/**
 * The one GraphQL query the fake answers: who the token acts as. It is how a client holding an
 * installation token learns its bot's login, since REST `GET /user` refuses such tokens and
 * `GET /app` wants the app's JWT (https://docs.github.com/en/graphql/reference/queries#viewer).
 * null: the query is another one, which the fake does not serve.
 */
export function answerViewerQuery(account: Account | undefined, body: unknown): RouteResponse | null {
  if (account === undefined) {
    return { status: 401, body: { message: "Bad credentials", documentation_url: "https://docs.github.com/graphql" } };
  }
  const query = (body as { query?: unknown } | null)?.query;
  if (typeof query !== "string" || !VIEWER_LOGIN.test(query)) return null;
  return { status: 200, body: { data: { viewer: { login: account.login } } } };
}
