import { describe, expect, it } from "vitest";
import { GitStore } from "../../support/fake-github/git-store.js";
import { unifiedDiff } from "../../support/fake-github/unified-diff.js";

const identity = { name: "Mona", email: "mona@example.com", date: "2024-01-02T03:04:05Z" };

describe("GitStore", () => {
  it("computes the shas git computes", () => {
    const git = new GitStore();
    // `printf 'hello\n' | git hash-object --stdin`, and git's empty tree.
    expect(git.putBlob(Buffer.from("hello\n"))).toBe("ce013625030ba8dba906f756967f9e9ca394464a");
    expect(GitStore.blobSha(Buffer.alloc(0))).toBe("e69de29bb2d1d6434b8b29ae775ad8c2e48c5391");
    expect(git.putTree(new Map())).toBe("4b825dc642cb6eb9a060e54bf8d69288fbee4904");
    // `git mktree` of one file `hello.txt` holding "hello\n".
    expect(git.putTree(new Map([["hello.txt", "ce013625030ba8dba906f756967f9e9ca394464a"]]))).toBe("aaa96ced2d9a1c8e72c56b253a0e2fe78393feb7");
  });

  it("orders a tree's entries as git does and lists them recursively", () => {
    const git = new GitStore();
    const a = git.putBlob(Buffer.from("a"));
    const tree = git.putTree(new Map([["docs/b.md", a], ["docs.md", a], ["docs-old/c.md", a]]));
    // `git write-tree` of the same three files.
    expect(tree).toBe("e12cd8f46e0a4b6ef35e714d159b9706ebd1b382");
    expect(git.listTree(tree, false).map((entry) => entry.name)).toEqual(["docs-old", "docs.md", "docs"]);
    expect(git.listTree(tree, true).map((entry) => entry.path)).toEqual(["docs-old", "docs-old/c.md", "docs.md", "docs", "docs/b.md"]);
    expect(git.filesOfTree(tree)).toEqual(new Map([["docs-old/c.md", a], ["docs.md", a], ["docs/b.md", a]]));
  });

  it("walks history: commits between, merge base, ancestry", () => {
    const git = new GitStore();
    const blob = (text: string): string => git.putBlob(Buffer.from(text));
    const root = git.putCommit({ files: new Map([["a", blob("1")]]), parents: [], message: "root", author: identity, committer: identity });
    const left = git.putCommit({ files: new Map([["a", blob("2")]]), parents: [root.sha], message: "left", author: identity, committer: identity });
    const right = git.putCommit({ files: new Map([["a", blob("1")], ["b", blob("x")]]), parents: [root.sha], message: "right", author: identity, committer: identity });
    const merge = git.putCommit({ files: new Map([["a", blob("2")], ["b", blob("x")]]), parents: [left.sha, right.sha], message: "merge", author: identity, committer: identity });
    expect(git.mergeBase(left.sha, right.sha)).toBe(root.sha);
    expect(git.commitsBetween(null, merge.sha).map((commit) => commit.message)).toEqual(["root", "left", "right", "merge"]);
    expect(git.commitsBetween(left.sha, merge.sha).map((commit) => commit.message)).toEqual(["right", "merge"]);
    expect(git.isAncestor(root.sha, merge.sha)).toBe(true);
    expect(git.isAncestor(merge.sha, root.sha)).toBe(false);
    expect(git.commitChanges(right.sha).map((change) => [change.path, change.status])).toEqual([["b", "added"]]);
  });
});

describe("GitStore renames", () => {
  const git = new GitStore();
  const blob = (text: string): string => git.putBlob(Buffer.from(text));
  const lines = (n: number, prefix: string) => Array.from({ length: n }, (_, i) => `${prefix} line ${i + 1}`).join("\n");

  it("reports a removed and an added file holding the same blob as one rename", () => {
    const moved = blob("- [ ] 1.1 Add the column\n");
    expect(git.diff(new Map([["changes/x/tasks.md", moved], ["a.md", blob("a")]]), new Map([["changes/archive/x/tasks.md", moved], ["b.md", blob("b")]]))).toEqual([
      { path: "a.md", status: "removed", previousSha: blob("a"), sha: null },
      { path: "b.md", status: "added", previousSha: null, sha: blob("b") },
      { path: "changes/archive/x/tasks.md", status: "renamed", previousSha: moved, sha: moved, previousPath: "changes/x/tasks.md" },
    ]);
  });

  it("pairs files at least 50% similar, as git's default rename detection does, and no others", () => {
    const before = blob(`${lines(10, "kept")}\n`);
    const edited = blob(`${lines(6, "kept")}\n${lines(4, "new")}\n`);
    const rewritten = blob(`${lines(3, "kept")}\n${lines(7, "other")}\n`);
    expect(git.diff(new Map([["old.md", before]]), new Map([["new.md", edited]])).map((change) => [change.status, change.previousPath])).toEqual([
      ["renamed", "old.md"],
    ]);
    expect(git.diff(new Map([["old.md", before]]), new Map([["new.md", rewritten]])).map((change) => change.status)).toEqual(["added", "removed"]);
    // Without the blobs (the static form), only exact renames are found.
    expect(GitStore.diffFiles(new Map([["old.md", before]]), new Map([["new.md", edited]])).map((change) => change.status)).toEqual(["added", "removed"]);
  });
});

describe("unifiedDiff", () => {
  it("prints hunks as git does: removals first, counts of one left out, three lines of context", () => {
    const before = "a\nb\nc\nd\ne\nf\ng\nh\n";
    const after = "a\nb\nc\nD\ne\nf\ng\nh\n";
    expect(unifiedDiff(before, after)).toEqual({ patch: "@@ -1,7 +1,7 @@\n a\n b\n c\n-d\n+D\n e\n f\n g", additions: 1, deletions: 1 });
    expect(unifiedDiff("", "x\n")).toEqual({ patch: "@@ -0,0 +1 @@\n+x", additions: 1, deletions: 0 });
    expect(unifiedDiff("x", "x\n")).toEqual({ patch: "@@ -1 +1 @@\n-x\n\\ No newline at end of file\n+x", additions: 1, deletions: 1 });
  });

  it("splits changes far apart into separate hunks", () => {
    const lines = Array.from({ length: 20 }, (_, index) => `line ${index + 1}`);
    const changed = lines.map((line, index) => (index === 1 || index === 17 ? `${line}!` : line));
    const { patch } = unifiedDiff(`${lines.join("\n")}\n`, `${changed.join("\n")}\n`);
    expect(patch.split("\n").filter((line) => line.startsWith("@@"))).toEqual(["@@ -1,5 +1,5 @@", "@@ -15,6 +15,6 @@"]);
  });
});
