import type { Logger } from "probot";
import type { TaskmirrorOctokit } from "../octokit.js";

/**
 * The GitHub client every function in src/github takes: Probot's Octokit (an installation
 * client in the app, a token client in the CLI), so both run the same code with the same
 * throttling and retries.
 */
export type GitHub = TaskmirrorOctokit;

export type Log = Logger;

export interface RepoRef {
  owner: string;
  repo: string;
}

/** What a handler passes down: collaborators, never the webhook context. */
export interface GitHubScope {
  octokit: GitHub;
  log: Log;
  repo: RepoRef;
}
