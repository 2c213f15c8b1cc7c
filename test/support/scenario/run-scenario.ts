import type { FakeGitHub } from "../fake-github/index.js";
import type { SnapshotRepo } from "../fake-github/snapshot-state.js";
import { renderScenarioDocument, renderTask, type Scenario, type ScenarioStep } from "./generate-scenario.js";

/** What the scenario runner needs of an app under test: in-process harness or a separate process. */
export interface ScenarioApp {
  fake: Pick<FakeGitHub, "createRepo" | "addRepos" | "push" | "editIssue" | "snapshot">;
  /** Waits until the app has nothing left to do (no request, webhook, queued job or pending tick). */
  settle(): Promise<void>;
  /** Called between steps (e.g. to kill and restart the app); may do nothing. */
  between?(step: number): Promise<void>;
}

export interface ScenarioRun {
  repo: SnapshotRepo;
  /** The steps people could take (a tick in an issue that does not exist yet cannot be made). */
  performed: ScenarioStep[];
  skipped: ScenarioStep[];
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** The task document after a person's edit of the head text, or null when the edit finds nothing to change. */
export function editDocument(text: string, step: ScenarioStep): string | null {
  switch (step.kind) {
    case "file-set": {
      const line = new RegExp(`^(\\s*- \\[)[ xX](\\] ${escape(step.item)})$`, "m");
      if (!line.test(text)) return null;
      return text.replace(line, `$1${step.checked ? "x" : " "}$2`);
    }
    case "file-add":
      return `${text.endsWith("\n") ? text : `${text}\n`}\n${renderTask(step.task)}`;
    case "file-rename": {
      const heading = new RegExp(`^(#{3,4} ${escape(step.task)}: ).*$`, "m");
      if (!heading.test(text)) return null;
      return text.replace(heading, `$1${step.title}`);
    }
    case "file-deps": {
      const lines = text.split("\n");
      const start = lines.findIndex((line) => new RegExp(`^#{3,4} ${escape(step.task)}:`).test(line));
      if (start < 0) return null;
      let end = lines.findIndex((line, i) => i > start && /^#{1,6} /.test(line));
      if (end < 0) end = lines.length;
      const block = lines.slice(start, end).filter((line) => !line.startsWith("**Dependencies**:"));
      if (step.dependsOn.length > 0) block.splice(2, 0, `**Dependencies**: ${step.dependsOn.join(", ")}`);
      return [...lines.slice(0, start), ...block, ...lines.slice(end)].join("\n");
    }
    default:
      return null;
  }
}

/** Steps handed from one run to another as they are taken: the second run follows the first. */
export class StepFeed implements AsyncIterable<ScenarioStep> {
  readonly #steps: ScenarioStep[] = [];
  #ended = false;
  #wake: (() => void) | undefined;

  push(step: ScenarioStep): void {
    this.#steps.push(step);
    this.#wake?.();
  }

  end(): void {
    this.#ended = true;
    this.#wake?.();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<ScenarioStep> {
    for (let i = 0; ; i++) {
      while (i >= this.#steps.length && !this.#ended) await new Promise<void>((resolve) => (this.#wake = resolve));
      if (i >= this.#steps.length) return;
      yield this.#steps[i]!;
    }
  }
}

/**
 * Runs a scenario in a fresh repository `owner/name` of an installation: the document pushed
 * first, the repository added to the installation (its full sync), then each step with the app
 * settled after it. People act on what they see: file edits on the head text, issue edits on
 * the issue body as it is. `only`, when given, replays exactly those steps as they come (the
 * fault-free run follows what the people of the faulty run could do); `taken` hears each step
 * this run took.
 */
export async function runScenario(
  app: ScenarioApp,
  scenario: Scenario,
  where: { owner: string; name: string; installationId: number; person: string },
  only?: AsyncIterable<ScenarioStep> | readonly ScenarioStep[],
  taken?: StepFeed,
): Promise<ScenarioRun> {
  const { owner, name, person } = where;
  const state = () => app.fake.snapshot().repositories.find((repo) => repo.full_name === `${owner}/${name}`)!;
  await app.fake.createRepo({ owner, name, files: { [scenario.path]: renderScenarioDocument(scenario) } });
  await app.fake.addRepos(where.installationId, [name]);
  await app.settle();
  const performed: ScenarioStep[] = [];
  const skipped: ScenarioStep[] = [];
  let index = 0;
  try {
    for await (const step of only ?? scenario.steps) {
      await app.between?.(index++);
      const done = await perform(step);
      (done ? performed : skipped).push(step);
      if (done) taken?.push(step);
      await app.settle();
    }
  } finally {
    taken?.end();
  }
  return { repo: state(), performed, skipped };

  async function perform(step: ScenarioStep): Promise<boolean> {
    if (step.kind.startsWith("file-")) {
      const text = state().files[scenario.path] ?? "";
      const next = editDocument(text, step);
      if (next === null || next === text) return false;
      await app.fake.push({ owner, repo: name, files: { [scenario.path]: next }, author: person, message: step.kind });
      return true;
    }
    const issue = state()
      .issues.filter((candidate) => !candidate.pull_request && candidate.via_app && candidate.title.startsWith(`${"task" in step ? step.task : ""}:`))
      .sort((a, b) => a.number - b.number)[0];
    if (!issue) return false;
    if (step.kind === "issue-set") {
      const body = issue.body ?? "";
      const box = new RegExp(`^(\\s*- \\[)[ xX](\\] ${escape(step.item)})$`, "m");
      const found = box.exec(body);
      if (!found) return false;
      const next = body.replace(box, `$1${step.checked ? "x" : " "}$2`);
      if (next === body) return false;
      await app.fake.editIssue({ owner, repo: name, number: issue.number, body: next, sender: person });
      return true;
    }
    if (step.kind === "issue-close") {
      if (issue.state === "closed") return false;
      await app.fake.editIssue({ owner, repo: name, number: issue.number, state: "closed", state_reason: "completed", sender: person });
      return true;
    }
    if (step.kind === "issue-reopen") {
      if (issue.state === "open") return false;
      await app.fake.editIssue({ owner, repo: name, number: issue.number, state: "open", state_reason: "reopened", sender: person });
      return true;
    }
    return false;
  }
}
