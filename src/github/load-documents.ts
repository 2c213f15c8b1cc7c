import picomatch from "picomatch";
import type { Config } from "../core/config/schema.js";
import type { Document } from "../core/model/types.js";
import { metrics } from "../ops/metrics.js";
import { parsePool } from "../ops/parse-pool.js";
import { blobCache as sharedCache, type BlobCache } from "./blob-cache.js";
import { taskPathMatcher } from "./task-path-matcher.js";
import type { GitHubScope } from "./types.js";

export interface LoadedDocuments {
  /** Sorted by path. */
  documents: Document[];
  /** Blobs fetched from GitHub for this load (the rest came from the cache). */
  fetched: number;
}

interface TreeEntry {
  path?: string;
  type?: string;
  mode?: string;
  sha?: string;
}

/** Blob requests in flight at once; the throttling plugin bounds all requests anyway. */
const PARALLEL_BLOB_READS = 8;

/**
 * The task documents of a commit: one recursive tree read, then each matching blob through
 * the blobs API (the contents API refuses files over 1 MB), unless the shared cache already
 * holds that blob sha; then each parsed on the parse pool (src/ops/parse-pool.ts).
 */
export async function loadDocuments(
  scope: GitHubScope,
  sha: string,
  config: Pick<Config, "paths" | "ignore">,
  cache: BlobCache = sharedCache,
): Promise<LoadedDocuments> {
  const isTaskDocument = taskPathMatcher(config);
  const entries = (await listBlobs(scope, sha, config)).filter((entry) => isTaskDocument(entry.path));
  let fetched = 0;
  const texts = new Map<string, string>();
  const queue = [...entries];
  const worker = async () => {
    for (let entry = queue.shift(); entry; entry = queue.shift()) {
      let text = cache.get(entry.sha);
      if (text === undefined) {
        text = await readBlob(scope, entry.sha);
        fetched += 1;
        cache.set(entry.sha, text);
      }
      texts.set(entry.path, text);
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL_BLOB_READS, entries.length) }, worker));
  // Parsed off the event loop, each within its budget: a document over it comes back with no
  // tasks and an `unreadable-document` error, but still in the list.
  const parseStarted = performance.now();
  const paths = entries.map((entry) => entry.path).sort();
  const documents = await Promise.all(paths.map((path) => parsePool.parse(path, texts.get(path) ?? "")));
  metrics.parseFinished((performance.now() - parseStarted) / 1000, documents.length);
  return { documents, fetched };
}

async function listBlobs(
  { octokit, repo }: GitHubScope,
  sha: string,
  config: Pick<Config, "ignore">,
): Promise<{ path: string; sha: string }[]> {
  const { data } = await octokit.request("GET /repos/{owner}/{repo}/git/trees/{tree_sha}", { ...repo, tree_sha: sha, recursive: "1" });
  if (!data.truncated) return blobsOf(data.tree as TreeEntry[], "");
  // A truncated recursive tree (over 100,000 entries or 7 MB) lists an arbitrary subset, so
  // walk it level by level instead, skipping the directories the config ignores entirely.
  const ignored = config.ignore.length > 0 ? picomatch(config.ignore, { dot: true }) : () => false;
  const blobs: { path: string; sha: string }[] = [];
  const pending: { sha: string; prefix: string }[] = [{ sha, prefix: "" }];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const { data: level } = await octokit.request("GET /repos/{owner}/{repo}/git/trees/{tree_sha}", { ...repo, tree_sha: next.sha });
    for (const entry of level.tree as TreeEntry[]) {
      if (entry.type !== "tree" || entry.path === undefined || entry.sha === undefined) continue;
      const dir = next.prefix + entry.path;
      // A pattern that ignores a made-up file two levels below ignores the whole directory.
      if (!ignored(`${dir}/__taskmirror__/__taskmirror__`)) pending.push({ sha: entry.sha, prefix: `${dir}/` });
    }
    blobs.push(...blobsOf(level.tree as TreeEntry[], next.prefix));
  }
  return blobs;
}

function blobsOf(tree: TreeEntry[], prefix: string): { path: string; sha: string }[] {
  return tree.flatMap((entry) =>
    // Mode 120000 is a symbolic link: its blob is the link target, not a document.
    entry.type === "blob" && entry.mode !== "120000" && entry.path !== undefined && entry.sha !== undefined
      ? [{ path: prefix + entry.path, sha: entry.sha }]
      : [],
  );
}

async function readBlob({ octokit, repo }: GitHubScope, sha: string): Promise<string> {
  const { data } = await octokit.request("GET /repos/{owner}/{repo}/git/blobs/{file_sha}", { ...repo, file_sha: sha });
  // Decoded as GitHub renders a file: invalid UTF-8 becomes U+FFFD, which the reader reports
  // as encoding damage instead of failing.
  return data.encoding === "base64" ? Buffer.from(data.content, "base64").toString("utf8") : data.content;
}
