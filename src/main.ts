import { run } from "probot";
import taskmirror from "./index.js";
import { TaskmirrorOctokit } from "./octokit.js";

// What `probot run` does, with taskmirror's Octokit (its throttling) in place of Probot's.
// Without APP_ID and PRIVATE_KEY this starts Probot's setup flow, which registers the app
// from app.yml.
await run(taskmirror, { Octokit: TaskmirrorOctokit });
