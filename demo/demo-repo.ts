import type { FakeGitHubClient } from "../test/support/fake-github/fake-github-client.js";
import type { SnapshotRepo } from "../test/support/fake-github/snapshot-state.js";

/** The demo repository in the fake GitHub, and how to wait for the app to finish with it. */
export interface DemoRepo {
  github: FakeGitHubClient;
  owner: string;
  name: string;
  /** Resolves once the app has settled (no request, no webhook for a while). */
  settle(): Promise<void>;
  state(): Promise<SnapshotRepo>;
}
