import { parseMarker } from "../core/render/marker.js";
import { replaceMarker } from "../core/render/replace-marker.js";
import { errorText, statusOf } from "./request-errors.js";
import type { GitHubScope } from "./types.js";

/**
 * GitHub refuses a whole create or update (422 Validation Failed, `errors[].field` "assignees",
 * `value` the login — https://docs.github.com/rest/issues/issues#update-an-issue) when one login
 * cannot be assigned: no access to the repository, no such user. The issue matters more than its
 * assignees, so the write is made again without the logins refused, and the refusal is written
 * into the issue's marker: later syncs do not ask for those logins again (nor log it again) until
 * the task's assignee list changes. `write` gets the logins to send and, once a login was
 * refused, the body to send with them (`target.body()`, its marker now holding the refusal);
 * before that, undefined: the body as planned.
 */
export async function withoutRefusedAssignees<T>(
  scope: GitHubScope,
  target: { key: string; number?: number; assignees: readonly string[]; body: () => Promise<string> },
  write: (assignees: string[], body: string | undefined) => Promise<T>,
): Promise<T> {
  const { key, number, assignees } = target;
  let allowed = [...assignees];
  let written: string | undefined;
  const refused: string[] = [];
  for (;;) {
    try {
      const result = await write(allowed, written);
      if (refused.length > 0) {
        scope.log.warn(
          { key, issue: number, assignees: refused },
          `GitHub cannot assign ${refused.join(", ")} (no access to the repository?): the issue is written without them, and they are not asked for again until the task's assignees change`,
        );
      }
      return result;
    } catch (error) {
      const more = allowed.length > 0 ? refusedLogins(error, allowed) : [];
      if (more.length === 0) throw error;
      refused.push(...more);
      allowed = allowed.filter((login) => !more.includes(login));
      written = withRefusal(await target.body(), assignees, refused);
    }
  }
}

/** The logins a 422 says cannot be assigned, among those sent; all of them when it names none. */
function refusedLogins(error: unknown, sent: readonly string[]): string[] {
  if (statusOf(error) !== 422 || !/assignee/i.test(errorText(error))) return [];
  const errors = (error as { response?: { data?: { errors?: unknown } } }).response?.data?.errors;
  const named = new Set(
    (Array.isArray(errors) ? errors : []).flatMap((item) =>
      typeof item === "object" && item !== null && (item as { field?: unknown }).field === "assignees" && typeof (item as { value?: unknown }).value === "string"
        ? [((item as { value: string }).value).toLowerCase()]
        : [],
    ),
  );
  const refused = sent.filter((login) => named.has(login.toLowerCase()));
  return refused.length > 0 ? refused : [...sent];
}

/** The body with the refused logins recorded in its marker, for the assignee list they were refused from. */
function withRefusal(body: string, sent: readonly string[], refused: readonly string[]): string {
  const marker = parseMarker(body);
  if (!marker) return body;
  const earlier = marker.unassignable;
  const logins = [...new Set([...(earlier?.logins ?? []), ...refused])];
  // Logins refused earlier were left out of `sent` by the planner: the list to remember is theirs.
  return replaceMarker(body, { ...marker, unassignable: { logins, of: earlier?.of ?? [...sent] } });
}
