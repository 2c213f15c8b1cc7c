/**
 * An error answer as GitHub gives it: `{ message, errors?, documentation_url, status }`. Route
 * handlers throw it; the server turns it into the response.
 */
export class GitHubError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly extra: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export function notFound(message = "Not Found"): GitHubError {
  return new GitHubError(404, message);
}

/** GitHub's 422: `Validation Failed` with one entry per refused field. */
export function validationFailed(errors: Array<Record<string, unknown>>, message = "Validation Failed"): GitHubError {
  return new GitHubError(422, message, { errors });
}
