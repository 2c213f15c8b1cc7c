import { createHash } from "node:crypto";
import type { GitCommit, GitIdentity } from "./types.js";

export interface TreeEntry {
  name: string;
  mode: "100644" | "040000";
  type: "blob" | "tree";
  sha: string;
}

export interface FileChange {
  path: string;
  status: "added" | "modified" | "removed" | "renamed";
  previousSha: string | null;
  sha: string | null;
  /** The path before a rename. */
  previousPath?: string;
}

/** Git's default rename threshold (`-M50%`): a removed and an added file this similar are a rename. */
const RENAME_SIMILARITY_MIN = 0.5;
/** Removed × added pairs compared for inexact renames at most (git has a rename limit too). */
const RENAME_PAIRS_MAX = 10_000;

function objectSha(type: string, content: Buffer): string {
  return createHash("sha1").update(Buffer.concat([Buffer.from(`${type} ${content.length}\0`), content])).digest("hex");
}

function gitTime(identity: GitIdentity): string {
  return `${identity.name} <${identity.email}> ${Math.floor(Date.parse(identity.date) / 1000)} +0000`;
}

/**
 * Git objects with their real shas (blob, tree and commit shas are what `git hash-object`
 * gives), so an app that compares a blob sha with one it computed itself sees what it would
 * see on GitHub. One store holds the objects of every repository.
 */
export class GitStore {
  readonly blobs = new Map<string, Buffer>();
  readonly trees = new Map<string, TreeEntry[]>();
  readonly commits = new Map<string, GitCommit>();

  static blobSha(content: Buffer): string {
    return objectSha("blob", content);
  }

  putBlob(content: Buffer): string {
    const sha = GitStore.blobSha(content);
    this.blobs.set(sha, content);
    return sha;
  }

  /** Builds the nested trees of a flat path → blob map and returns the root tree's sha. */
  putTree(files: ReadonlyMap<string, string>): string {
    interface Dir {
      blobs: Map<string, string>;
      dirs: Map<string, Dir>;
    }
    const root: Dir = { blobs: new Map(), dirs: new Map() };
    for (const [path, sha] of files) {
      const parts = path.split("/");
      let dir = root;
      for (const part of parts.slice(0, -1)) {
        let next = dir.dirs.get(part);
        if (next === undefined) {
          next = { blobs: new Map(), dirs: new Map() };
          dir.dirs.set(part, next);
        }
        dir = next;
      }
      dir.blobs.set(parts[parts.length - 1] as string, sha);
    }
    const write = (dir: Dir): string => {
      const entries: TreeEntry[] = [];
      for (const [name, sha] of dir.blobs) entries.push({ name, mode: "100644", type: "blob", sha });
      for (const [name, sub] of dir.dirs) entries.push({ name, mode: "040000", type: "tree", sha: write(sub) });
      // Git orders a tree's entries by name, comparing a subtree's name as if it ended in "/".
      const key = (entry: TreeEntry): string => (entry.type === "tree" ? `${entry.name}/` : entry.name);
      entries.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
      const body = Buffer.concat(
        entries.map((entry) =>
          Buffer.concat([Buffer.from(`${entry.mode === "040000" ? "40000" : entry.mode} ${entry.name}\0`), Buffer.from(entry.sha, "hex")]),
        ),
      );
      const sha = objectSha("tree", body);
      this.trees.set(sha, entries);
      return sha;
    };
    return write(root);
  }

  putCommit(input: { files: ReadonlyMap<string, string>; parents: string[]; message: string; author: GitIdentity; committer: GitIdentity }): GitCommit {
    const tree = this.putTree(input.files);
    const header = [`tree ${tree}`, ...input.parents.map((parent) => `parent ${parent}`), `author ${gitTime(input.author)}`, `committer ${gitTime(input.committer)}`];
    const sha = objectSha("commit", Buffer.from(`${header.join("\n")}\n\n${input.message}`));
    const commit: GitCommit = { sha, tree, parents: input.parents, message: input.message, author: input.author, committer: input.committer, files: new Map(input.files) };
    this.commits.set(sha, commit);
    return commit;
  }

  /** The files of a tree object, flattened to path → blob sha. */
  filesOfTree(treeSha: string, prefix = ""): Map<string, string> {
    const files = new Map<string, string>();
    for (const entry of this.trees.get(treeSha) ?? []) {
      const path = `${prefix}${entry.name}`;
      if (entry.type === "blob") files.set(path, entry.sha);
      else for (const [sub, sha] of this.filesOfTree(entry.sha, `${path}/`)) files.set(sub, sha);
    }
    return files;
  }

  /** Entries of a tree; with `recursive`, the entries of every subtree too, with full paths. */
  listTree(treeSha: string, recursive: boolean, prefix = ""): Array<TreeEntry & { path: string }> {
    const out: Array<TreeEntry & { path: string }> = [];
    for (const entry of this.trees.get(treeSha) ?? []) {
      const path = `${prefix}${entry.name}`;
      out.push({ ...entry, path });
      if (recursive && entry.type === "tree") out.push(...this.listTree(entry.sha, true, `${path}/`));
    }
    return out;
  }

  /** Every commit reachable from `sha`, newest first (parents after children). */
  ancestors(sha: string): string[] {
    const seen = new Set<string>();
    const order: string[] = [];
    const stack = [sha];
    while (stack.length > 0) {
      const current = stack.pop() as string;
      if (seen.has(current)) continue;
      seen.add(current);
      order.push(current);
      const commit = this.commits.get(current);
      if (commit !== undefined) for (const parent of [...commit.parents].reverse()) stack.push(parent);
    }
    return order;
  }

  isAncestor(ancestor: string, of: string): boolean {
    return this.ancestors(of).includes(ancestor);
  }

  /** The nearest common ancestor, or null for unrelated histories. */
  mergeBase(a: string, b: string): string | null {
    const ofA = new Set(this.ancestors(a));
    for (const sha of this.ancestors(b)) if (ofA.has(sha)) return sha;
    return null;
  }

  /** Commits reachable from `head` but not from `base`, parents before children (what a push or compare lists). */
  commitsBetween(base: string | null, head: string): GitCommit[] {
    const excluded = new Set(base === null ? [] : this.ancestors(base));
    const visited = new Set<string>();
    const order: GitCommit[] = [];
    const visit = (sha: string): void => {
      if (visited.has(sha) || excluded.has(sha)) return;
      visited.add(sha);
      const commit = this.commits.get(sha);
      if (commit === undefined) return;
      for (const parent of commit.parents) visit(parent);
      order.push(commit);
    };
    visit(head);
    return order;
  }

  /**
   * File-level differences between two file maps, sorted by path. A removed and an added file
   * are one `renamed` change when they hold the same blob or — given `contentOf` — are at least
   * 50% similar, as git's rename detection (which GitHub's compare, commit and pull-request
   * files APIs use) says: https://docs.github.com/en/rest/commits/commits#compare-two-commits
   * lists such a file with `status: "renamed"` and its `previous_filename`.
   */
  static diffFiles(before: ReadonlyMap<string, string>, after: ReadonlyMap<string, string>, contentOf?: (sha: string) => Buffer | undefined): FileChange[] {
    const changes: FileChange[] = [];
    const added: FileChange[] = [];
    for (const [path, sha] of after) {
      const previous = before.get(path);
      if (previous === undefined) added.push({ path, status: "added", previousSha: null, sha });
      else if (previous !== sha) changes.push({ path, status: "modified", previousSha: previous, sha });
    }
    const removed: FileChange[] = [];
    for (const [path, sha] of before) if (!after.has(path)) removed.push({ path, status: "removed", previousSha: sha, sha: null });
    changes.push(...GitStore.pairRenames(removed, added, contentOf));
    return changes.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }

  /** Removed and added files, with those that are renames of each other merged into one change. */
  private static pairRenames(removed: FileChange[], added: FileChange[], contentOf?: (sha: string) => Buffer | undefined): FileChange[] {
    const renames: FileChange[] = [];
    const taken = new Set<FileChange>();
    const rename = (from: FileChange, to: FileChange) => {
      taken.add(from);
      taken.add(to);
      renames.push({ path: to.path, status: "renamed", previousSha: from.previousSha, sha: to.sha, previousPath: from.path });
    };
    for (const from of removed) {
      const to = added.find((candidate) => !taken.has(candidate) && candidate.sha === from.previousSha);
      if (to) rename(from, to);
    }
    if (contentOf !== undefined && removed.length * added.length <= RENAME_PAIRS_MAX) {
      const pairs: { from: FileChange; to: FileChange; similarity: number }[] = [];
      for (const from of removed) {
        if (taken.has(from)) continue;
        for (const to of added) {
          if (taken.has(to)) continue;
          const similarity = contentSimilarity(contentOf(from.previousSha ?? "") ?? Buffer.alloc(0), contentOf(to.sha ?? "") ?? Buffer.alloc(0));
          if (similarity >= RENAME_SIMILARITY_MIN) pairs.push({ from, to, similarity });
        }
      }
      for (const { from, to } of pairs.sort((a, b) => b.similarity - a.similarity)) if (!taken.has(from) && !taken.has(to)) rename(from, to);
    }
    return [...renames, ...removed.filter((change) => !taken.has(change)), ...added.filter((change) => !taken.has(change))];
  }

  /** What a commit changed relative to its first parent, renames found as git finds them. */
  commitChanges(sha: string): FileChange[] {
    const commit = this.commits.get(sha);
    if (commit === undefined) return [];
    const parent = commit.parents[0] === undefined ? undefined : this.commits.get(commit.parents[0]);
    return this.diff(parent?.files ?? new Map(), commit.files);
  }

  /** diffFiles with this store's blobs, so that edited renames are found too. */
  diff(before: ReadonlyMap<string, string>, after: ReadonlyMap<string, string>): FileChange[] {
    return GitStore.diffFiles(before, after, (sha) => this.blobs.get(sha));
  }
}

/**
 * How much of two files is the same, as git's similarity index measures it: the bytes of the
 * lines they share (as a multiset), over the size of the larger file.
 */
function contentSimilarity(a: Buffer, b: Buffer): number {
  const larger = Math.max(a.length, b.length);
  if (larger === 0) return 1;
  const lines = new Map<string, number>();
  for (const line of a.toString("utf8").split("\n")) lines.set(line, (lines.get(line) ?? 0) + 1);
  let shared = 0;
  for (const line of b.toString("utf8").split("\n")) {
    const left = lines.get(line) ?? 0;
    if (left === 0) continue;
    lines.set(line, left - 1);
    shared += Buffer.byteLength(line) + 1;
  }
  return Math.min(1, shared / larger);
}
