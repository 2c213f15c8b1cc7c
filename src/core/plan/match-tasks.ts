import type { Config } from "../config/schema.js";
import type { ContentPrint } from "./content-print.js";
import { contentSimilarity } from "./content-similarity.js";
import { documentLineage } from "./document-lineage.js";
import { issuePrint } from "./issue-print.js";
import type { PlacedTask } from "./linkable-parents.js";
import { taskPrint } from "./task-print.js";
import type { MirroredIssue, RekeyReason, Rename } from "./types.js";
import { wordsKept } from "./words-kept.js";

/**
 * The thresholds of the matching, on the similarity of content-similarity.ts (0–1). README
 * "Keys" states them; test/unit/plan/match-tasks.test.ts holds the cases that set them.
 */
export const MATCH_THRESHOLDS = {
  /** A path-scoped key kept with content this alike is its task without looking further. */
  sure: 0.95,
  /** The same key, or the same id in a document that moved: the same task from here up. */
  sameKey: 0.5,
  /**
   * A repository id with the same number under another prefix (`task-200` → `BACK-200`); in a
   * document that moved with it (renamed, or found by its titles at the new path), `sameKey`.
   */
  migrated: 0.6,
  /** Another key in the same document (renumbered, reworded, regrouped). */
  sameDocument: 0.7,
  /** Another key in another document (a task moved, a document split). */
  elsewhere: 0.8,
  /** Under acceptance but at least this alike (same key: any): a candidate the matching was unsure of. */
  weak: 0.5,
  /** The same for an id migration. */
  weakMigrated: 0.3,
  /** Added to the score of a pair that shares its key (or id number): it wins over equal content elsewhere. */
  keyBonus: 0.15,
  /** Added to the score of a pair in the same document (through a move): a tie-breaker. */
  documentBonus: 0.05,
  /** Scores this close are a tie. */
  tie: 0.01,
  /**
   * The same key whose text is under `sameKey` alike, in its place: the same task when at least
   * this share of its old title's words (by weight), of its old items or of its old child tasks
   * is still there — a title reworded at length keeps the words that name the work (`T077 Run
   * Skill tool with skill: "simplify"` → `T077 Confirm the referenced simplify skill is not
   * exposed … and retire this obsolete process task` keeps 47%); one rewritten keeps at most a
   * word every title has (`Create the user model` → `Configure the payment gateway`: 11%).
   */
  kept: 1 / 3,
} as const;

/** Issues indexed under one title word or item key at most; a commoner word finds candidates through rarer ones. */
const TOKEN_BUCKET_MAX = 64;
/** Issues with one exact title compared with a task at most (beyond: found by key or lineage only). */
const TITLE_BUCKET_MAX = 256;
/** Content candidates compared per task at most. */
const CANDIDATES_MAX = 200;
/** Unsure candidates named per task and per issue at most. */
const UNSURE_MAX = 2;

export interface MatchTasksInput {
  /** The tasks to sync, with unique keys, in document order. */
  tasks: readonly PlacedTask[];
  /** The mirrored issues that may be given to them. */
  issues: readonly MirroredIssue[];
  config: Pick<Config, "title">;
  /** Paths of the documents read now. */
  paths: ReadonlySet<string>;
  /** Renames the push or pull request reports. */
  renames?: readonly Rename[];
}

export interface TaskMatch {
  issue: MirroredIssue;
  /** How alike the task and the issue are (content-similarity.ts). */
  similarity: number;
  /** Why the key changed; absent when the issue already carries the task's key. */
  reason?: RekeyReason;
}

export interface UnsureMatch {
  /** A task left without an issue: it gets a new one. */
  task: PlacedTask;
  /** An issue left without a task that might have been the task's. */
  issue: MirroredIssue;
  /** The same key with other text; alike but not enough; as alike as another candidate. */
  why: "same-key" | "weak" | "tie";
  similarity: number;
  /**
   * A pair of an earlier sync, found again: the task's issue was opened for it then and names
   * this issue in its marker (`crossLinked`); their cross-link may not have been written.
   */
  resumed?: true;
}

export interface Matching {
  /** The issue of each task key that has one. */
  matched: Map<string, TaskMatch>;
  /** Issues left without a task; `holder` is the issue that mirrors the task of their key instead. */
  unmatched: { issue: MirroredIssue; holder?: MirroredIssue }[];
  /** Pairs the matching declined but could not rule out, for the cross-link. */
  unsure: UnsureMatch[];
  /** Where documents that no longer exist went (document-lineage.ts). */
  lineage: Map<string, string>;
}

type EdgeKind = "key" | "migrated" | "content";

interface Edge {
  t: number;
  i: number;
  kind: EdgeKind;
  similarity: number;
  score: number;
  accepted: boolean;
  tie?: boolean;
}

/**
 * Which mirrored issue is each task's (DESIGN §1 "Identity is a matching, keys are its first
 * clue"):
 *
 * 1. Sure pairs. A repository-wide key is its task's, whatever the content (the most alike of
 *    several issues carrying it, then the oldest). A path-scoped key — or the same id in a
 *    document that moved — is its task's when the content is nearly the same.
 * 2. Candidates among the rest: the same key or id in a moved document, a repository id with
 *    the same number, and content (found through shared title words and item keys, so the
 *    work stays near linear). Each pair is scored by similarity, plus a bonus for a shared key
 *    and for the same document, and accepted above its kind's threshold.
 * 3. A global assignment, best scores first. Pairs that tie form groups: as many tasks as
 *    issues pair in order (document order, issue number); a task between copies of one key
 *    takes the oldest; any other tie gives no pair at all — the matching does not guess.
 *    Then the same key with text under `sameKey` alike, where its place agrees and part of its
 *    work is left (3b below).
 * 4. Candidates declined (weak, tied, or the same key with other text) between a task left
 *    without an issue and an issue left without a task are returned as unsure, and so is an
 *    issue left without a task that a task's issue names as cross-linked (a pair of an earlier
 *    sync, whose cross-link may not have been written).
 */
export function matchTasks(input: MatchTasksInput): Matching {
  const { tasks, config } = input;
  const issues = [...input.issues].sort((a, b) => a.number - b.number);

  const taskByKey = new Map(tasks.map((placed) => [placed.task.key, placed]));
  const taskIndex = new Map(tasks.map((placed, t) => [placed.task.key, t]));
  const taskPrints: ContentPrint[] = tasks.map(({ task }) =>
    taskPrint(task, task.parentKey === undefined ? null : (taskByKey.get(task.parentKey)?.task.title ?? "")),
  );
  const firstByKey = new Map<string, MirroredIssue>();
  for (const issue of issues) if (!firstByKey.has(issue.marker.key)) firstByKey.set(issue.marker.key, issue);
  const issuePrints: ContentPrint[] = issues.map((issue) =>
    issuePrint(issue, issue.marker.parent === undefined ? null : firstByKey.get(issue.marker.parent), config),
  );

  const lineage = documentLineage({
    ...(input.renames ? { renames: input.renames } : {}),
    paths: input.paths,
    // An issue closed as not planned lost its task before: it says nothing of where a document went.
    issues: issues.flatMap((issue, i) =>
      issue.state === "closed" && issue.stateReason === "not_planned" ? [] : [{ path: issue.marker.path, title: issuePrints[i]?.title ?? "" }],
    ),
    tasks: tasks.map((placed, t) => ({ path: placed.path, title: taskPrints[t]?.title ?? "" })),
  });
  const taskScoped = tasks.map(({ task, path }) => task.key.startsWith(`${path}#`));
  const issueScoped = issues.map((issue) => issue.marker.key.startsWith(`${issue.marker.path}#`));
  const carried = issues.map((issue, i) => {
    const to = lineage.get(issue.marker.path);
    return to !== undefined && issueScoped[i] ? `${to}#${issue.marker.key.slice(issue.marker.path.length + 1)}` : undefined;
  });

  const issueOfTask = new Array<number | undefined>(tasks.length);
  const taskOfIssue = new Array<number | undefined>(issues.length);
  const copyOf = new Array<number | undefined>(issues.length);
  const similarityOf = new Array<number>(tasks.length);
  // Title words weigh by their rarity among all titles (inverse document frequency): words
  // every task has ("implement", "the") tell tasks apart less than the one that names the work.
  const titleCount = new Map<string, number>();
  for (const print of [...taskPrints, ...issuePrints]) for (const word of print.titleWords) titleCount.set(word, (titleCount.get(word) ?? 0) + 1);
  const titles = taskPrints.length + issuePrints.length + 1;
  const rarity = (word: string) => Math.log(titles / (titleCount.get(word) ?? 1));
  const similarity = (t: number, i: number) => contentSimilarity(taskPrints[t] as ContentPrint, issuePrints[i] as ContentPrint, rarity);
  const assign = (t: number, i: number, value: number) => {
    issueOfTask[t] = i;
    taskOfIssue[i] = t;
    similarityOf[t] = value;
  };

  // 1. Sure pairs.
  const byKey = new Map<string, number[]>();
  const index = (key: string, i: number) => byKey.set(key, [...(byKey.get(key) ?? []), i]);
  issues.forEach((issue, i) => {
    index(issue.marker.key, i);
    const moved = carried[i];
    if (moved !== undefined) index(moved, i);
  });
  tasks.forEach(({ task }, t) => {
    const candidates = byKey.get(task.key) ?? [];
    const values = candidates.map((i) => similarity(t, i));
    let best = -1;
    let bestValue = -1;
    candidates.forEach((i, n) => {
      const value = values[n] ?? 0;
      if (taskOfIssue[i] === undefined && value > bestValue) {
        best = i;
        bestValue = value;
      }
    });
    if (best < 0 || (taskScoped[t] && bestValue < MATCH_THRESHOLDS.sure)) return;
    assign(t, best, bestValue);
    candidates.forEach((i, n) => {
      if (i !== best && taskOfIssue[i] === undefined && (values[n] ?? 0) >= MATCH_THRESHOLDS.sure) copyOf[i] = best;
    });
  });

  // 2. Candidates among the rest.
  const freeTask = (t: number) => issueOfTask[t] === undefined;
  const freeIssue = (i: number) => taskOfIssue[i] === undefined && copyOf[i] === undefined;
  const edges: Edge[] = [];
  const paired = new Set<string>();
  const addEdge = (t: number, i: number, kind: EdgeKind) => {
    const id = `${t}:${i}`;
    if (paired.has(id)) return;
    paired.add(id);
    const issue = issues[i] as MirroredIssue;
    const path = tasks[t]?.path;
    const sameDocument = path === issue.marker.path || lineage.get(issue.marker.path) === path;
    const value = similarity(t, i);
    const accept =
      kind === "key" ? MATCH_THRESHOLDS.sameKey
      // A document that moved with its id (Backlog.md renames `task-218 - X.md` to `back-218 -
      // X.md` as it migrates): the file and the number both followed, as for a moved `T001`.
      : kind === "migrated" ? (path !== issue.marker.path && sameDocument ? MATCH_THRESHOLDS.sameKey : MATCH_THRESHOLDS.migrated)
      : sameDocument ? MATCH_THRESHOLDS.sameDocument
      : MATCH_THRESHOLDS.elsewhere;
    const floor = kind === "key" ? 0 : kind === "migrated" ? MATCH_THRESHOLDS.weakMigrated : MATCH_THRESHOLDS.weak;
    if (value < floor) return;
    const score = value + (kind === "content" ? 0 : MATCH_THRESHOLDS.keyBonus) + (sameDocument ? MATCH_THRESHOLDS.documentBonus : 0);
    edges.push({ t, i, kind, similarity: value, score, accepted: value >= accept });
  };

  const freeTasks = tasks.flatMap((_, t) => (freeTask(t) ? [t] : []));
  const freeIssues = issues.flatMap((_, i) => (freeIssue(i) ? [i] : []));
  for (const t of freeTasks) for (const i of byKey.get(tasks[t]?.task.key ?? "") ?? []) if (freeIssue(i)) addEdge(t, i, "key");

  const byNumber = new Map<string, number[]>();
  for (const i of freeIssues) {
    const number = issueScoped[i] ? undefined : idNumber(issues[i]?.marker.key ?? "");
    if (number !== undefined) byNumber.set(number, [...(byNumber.get(number) ?? []), i]);
  }
  for (const t of freeTasks) {
    const number = taskScoped[t] ? undefined : idNumber(tasks[t]?.task.key ?? "");
    for (const i of number === undefined ? [] : (byNumber.get(number) ?? [])) addEdge(t, i, "migrated");
  }

  const byTitle = new Map<string, number[]>();
  const byToken = new Map<string, number[]>();
  for (const i of freeIssues) {
    const print = issuePrints[i] as ContentPrint;
    bucket(byTitle, print.title, i);
    for (const word of print.titleWords) bucket(byToken, `w:${word}`, i);
    for (const item of print.items) bucket(byToken, `i:${item}`, i);
  }
  for (const t of freeTasks) {
    const print = taskPrints[t] as ContentPrint;
    const candidates = new Set<number>((byTitle.get(print.title) ?? []).slice(0, TITLE_BUCKET_MAX));
    const lists = [...[...print.titleWords].map((word) => byToken.get(`w:${word}`)), ...[...print.items].map((item) => byToken.get(`i:${item}`))]
      .filter((list): list is number[] => list !== undefined && list.length <= TOKEN_BUCKET_MAX)
      .sort((a, b) => a.length - b.length);
    for (const list of lists) {
      if (candidates.size >= CANDIDATES_MAX) break;
      for (const i of list) candidates.add(i);
    }
    for (const i of candidates) {
      // Two repository-wide ids are two tasks, however alike: only a migration pairs them.
      if (!taskScoped[t] && !issueScoped[i]) continue;
      addEdge(t, i, "content");
    }
  }

  // 3. The assignment, best scores first, ties in groups.
  const withheldTasks = new Set<number>();
  const withheldIssues = new Set<number>();
  const open = (edge: Edge) =>
    freeTask(edge.t) && freeIssue(edge.i) && !withheldTasks.has(edge.t) && !withheldIssues.has(edge.i);
  const ordered = (a: Edge, b: Edge) => a.t - b.t || (issues[a.i]?.number ?? 0) - (issues[b.i]?.number ?? 0);
  const accepted = edges.filter((edge) => edge.accepted).sort((a, b) => b.score - a.score || ordered(a, b));
  for (let start = 0; start < accepted.length; ) {
    const top = accepted[start]?.score ?? 0;
    let end = start;
    while (end < accepted.length && (accepted[end]?.score ?? 0) >= top - MATCH_THRESHOLDS.tie) end++;
    for (const group of tieGroups(accepted.slice(start, end).filter(open))) {
      const groupTasks = new Set(group.map((edge) => edge.t));
      const groupIssues = new Set(group.map((edge) => edge.i));
      const copies = groupTasks.size === 1 && new Set([...groupIssues].map((i) => issues[i]?.marker.key)).size === 1;
      if (groupTasks.size === groupIssues.size || copies) {
        for (const edge of group.sort(ordered)) if (open(edge)) assign(edge.t, edge.i, edge.similarity);
      } else {
        for (const edge of group) {
          withheldTasks.add(edge.t);
          withheldIssues.add(edge.i);
          edge.tie = true;
        }
      }
    }
    start = end;
  }

  // 3b. The same key with text changed more than the similarity accepts (a title reworded at
  // length, a group renamed over the same children): its place is evidence too. The pair is the
  // same task when nothing else is a candidate for either, its place agrees (a neighbour in the
  // document or its parent kept its issue under its own key, and none was renumbered or moved
  // away), and part of its work is still there (a third of the old title's words by weight, of
  // its items or of its child tasks). A rewrite in place keeps none of its work: still unsure.
  const childTasks = new Map<string, number[]>();
  tasks.forEach(({ task }, t) => {
    if (task.parentKey !== undefined) bucket(childTasks, task.parentKey, t);
  });
  const childIssues = new Map<string, number>();
  for (const issue of issues) {
    const parent = issue.marker.parent;
    if (parent !== undefined) childIssues.set(parent, (childIssues.get(parent) ?? 0) + 1);
  }
  const keepsOwnKey = (t: number, i: number) => issues[i]?.marker.key === tasks[t]?.task.key || carried[i] === tasks[t]?.task.key;
  const placeAgrees = (t: number, i: number): boolean => {
    const placedTask = tasks[t] as PlacedTask;
    let anchors = 0;
    for (const n of [t - 1, t + 1]) {
      const j = issueOfTask[n];
      if (tasks[n]?.path !== placedTask.path || j === undefined) continue;
      if (!keepsOwnKey(n, j)) return false;
      anchors++;
    }
    const parentKey = placedTask.task.parentKey;
    const markerParent = issues[i]?.marker.parent;
    const parentTask = parentKey === undefined ? undefined : taskIndex.get(parentKey);
    const parentIssue = parentTask === undefined ? undefined : issueOfTask[parentTask];
    if (parentIssue !== undefined && markerParent !== undefined) {
      if (issues[parentIssue]?.marker.key !== markerParent) return false;
      anchors++;
    }
    return anchors > 0;
  };
  // The old title's words weigh by their rarity among the issues' titles: counted over tasks
  // and issues together, every word a reword keeps would count twice and every word it drops
  // once, and the dropped ones would weigh more.
  const issueTitleCount = new Map<string, number>();
  for (const print of issuePrints) for (const word of print.titleWords) issueTitleCount.set(word, (issueTitleCount.get(word) ?? 0) + 1);
  const oldRarity = (word: string) => Math.log((issuePrints.length + 1) / (issueTitleCount.get(word) ?? 1));
  const workKept = (t: number, i: number): number => {
    const task = taskPrints[t] as ContentPrint;
    const issue = issuePrints[i] as ContentPrint;
    const key = issues[i]?.marker.key ?? "";
    const children = childTasks.get(tasks[t]?.task.key ?? "") ?? [];
    const keptChildren = children.filter((c) => {
      const j = issueOfTask[c];
      return j !== undefined && issues[j]?.marker.parent === key;
    }).length;
    const oldChildren = childIssues.get(key) ?? 0;
    return Math.max(
      wordsKept(issue.titleWords, task.titleWords, oldRarity),
      wordsKept(issue.items, task.items, one),
      oldChildren === 0 ? 0 : keptChildren / oldChildren,
    );
  };
  const candidatesOf = new Map<string, Edge[]>();
  for (const edge of edges) {
    bucket(candidatesOf, `t${edge.t}`, edge);
    bucket(candidatesOf, `i${edge.i}`, edge);
  }
  const alone = (edge: Edge) =>
    [...(candidatesOf.get(`t${edge.t}`) ?? []), ...(candidatesOf.get(`i${edge.i}`) ?? [])].every(
      (other) => other === edge || (other.t === edge.t ? !freeIssue(other.i) : !freeTask(other.t)),
    );
  // In document order, then back: a pair kept is a neighbour that kept its key for the next
  // one, so a run of reworded tasks beside one that kept its text is kept from either side.
  const inPlace = edges.filter((e) => e.kind === "key" && !e.accepted).sort(ordered);
  for (const pass of [inPlace, [...inPlace].reverse()]) {
    for (const edge of pass) {
      if (!open(edge) || !alone(edge) || !placeAgrees(edge.t, edge.i) || workKept(edge.t, edge.i) < MATCH_THRESHOLDS.kept) continue;
      edge.accepted = true;
      assign(edge.t, edge.i, edge.similarity);
    }
  }

  // 4. What the matching gives, and what it was unsure of.
  const matched = new Map<string, TaskMatch>();
  tasks.forEach(({ task, path }, t) => {
    const i = issueOfTask[t];
    if (i === undefined) return;
    const issue = issues[i] as MirroredIssue;
    const match: TaskMatch = { issue, similarity: similarityOf[t] ?? 0 };
    if (issue.marker.key !== task.key) {
      match.reason =
        !taskScoped[t] && !issueScoped[i] ? "migrated"
        : path !== issue.marker.path ? (carried[i] === task.key ? "document-moved" : "moved")
        : task.id !== undefined ? "renumbered"
        : "reworded";
    }
    matched.set(task.key, match);
  });
  const unmatched: Matching["unmatched"] = [];
  issues.forEach((issue, i) => {
    if (taskOfIssue[i] !== undefined) return;
    // A duplicate is left alone: a copy of the kept issue, or a second issue carrying a
    // repository-wide key (a marker pasted by hand). A path-scoped key is rekeyed, so a second
    // issue carrying one with other content is the loser of a rekey (half applied when a sync
    // stopped, or an unsure pair): its task is gone.
    const copy = copyOf[i];
    const kept = matched.get(issue.marker.key)?.issue;
    const holder = copy !== undefined ? issues[copy] : !issueScoped[i] && kept?.marker.key === issue.marker.key ? kept : undefined;
    unmatched.push(holder ? { issue, holder } : { issue });
  });

  const declined = edges
    .filter((edge) => (!edge.accepted || edge.tie === true) && freeTask(edge.t) && freeIssue(edge.i))
    .sort((a, b) => b.score - a.score || ordered(a, b));
  const perTask = new Map<number, number>();
  const perIssue = new Map<number, number>();
  const kept: Edge[] = [];
  for (const edge of declined) {
    if ((perTask.get(edge.t) ?? 0) >= UNSURE_MAX || (perIssue.get(edge.i) ?? 0) >= UNSURE_MAX) continue;
    perTask.set(edge.t, (perTask.get(edge.t) ?? 0) + 1);
    perIssue.set(edge.i, (perIssue.get(edge.i) ?? 0) + 1);
    kept.push(edge);
  }
  const unsure: UnsureMatch[] = kept.sort(ordered).map((edge) => ({
    task: tasks[edge.t] as PlacedTask,
    issue: issues[edge.i] as MirroredIssue,
    why: edge.tie === true ? "tie" : edge.kind === "key" ? "same-key" : "weak",
    similarity: edge.similarity,
  }));
  const issueAt = new Map(issues.map((issue, i) => [issue.number, i]));
  tasks.forEach((placed, t) => {
    const own = issueOfTask[t];
    for (const number of own === undefined ? [] : (issues[own]?.marker.crossLinked ?? [])) {
      const i = issueAt.get(number);
      if (i === undefined || !freeIssue(i)) continue;
      const issue = issues[i] as MirroredIssue;
      unsure.push({ task: placed, issue, why: issue.marker.key === placed.task.key ? "same-key" : "weak", similarity: similarity(t, i), resumed: true });
    }
  });
  return { matched, unmatched, unsure, lineage };
}

const one = () => 1;

function bucket<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** The number of a repository id, for id migrations: `task-200` and `BACK-200` both give `200`. */
function idNumber(key: string): string | undefined {
  const dash = key.indexOf("-");
  return dash > 0 && dash < key.length - 1 ? key.slice(dash + 1).toLowerCase() : undefined;
}

/** Edges that share a task or an issue, transitively, in groups (in the order of their first edge). */
function tieGroups(edges: Edge[]): Edge[][] {
  const parent = new Map<string, string>();
  const find = (node: string): string => {
    let root = node;
    while (parent.get(root) !== undefined && parent.get(root) !== root) root = parent.get(root) as string;
    parent.set(node, root);
    return root;
  };
  for (const edge of edges) {
    const a = find(`t${edge.t}`);
    const b = find(`i${edge.i}`);
    if (a !== b) parent.set(b, a);
  }
  const groups = new Map<string, Edge[]>();
  for (const edge of edges) {
    const root = find(`t${edge.t}`);
    groups.set(root, [...(groups.get(root) ?? []), edge]);
  }
  return [...groups.values()];
}
