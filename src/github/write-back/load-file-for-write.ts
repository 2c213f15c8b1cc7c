import { CONTENTS_API_FILE_MAX_BYTES } from "../../core/limits.js";
import { errorText, statusOf } from "../request-errors.js";
import type { GitHubScope } from "../types.js";

export interface FileForWrite {
  /** The file decoded as UTF-8 (a BOM stays in the text as U+FEFF). */
  text: string;
  /** The blob sha: the contents API refuses a write that does not name the current one. */
  sha: string;
}

/**
 * Reads a file at a branch head for a contents-API write: its text and blob sha. The contents
 * API serves files up to 1 MB; beyond that GitHub answers without the content (or, for some
 * media types, 403 `too_large`), and the blob is read through the git data API instead.
 * Null when the file does not exist. Throws when the bytes are not valid UTF-8: a splice on
 * decoded text could not give back the other bytes exactly, so such a file is never rewritten.
 */
export async function loadFileForWrite({ octokit, repo }: GitHubScope, path: string, ref: string): Promise<FileForWrite | null> {
  let entry: { sha: string; size: number; content: string; encoding: string };
  try {
    const { data } = await octokit.request("GET /repos/{owner}/{repo}/contents/{path}", { ...repo, path, ref });
    if (Array.isArray(data) || data.type !== "file") return null;
    entry = { sha: data.sha, size: data.size, content: "content" in data ? (data.content ?? "") : "", encoding: "encoding" in data ? String(data.encoding) : "none" };
  } catch (error) {
    if (statusOf(error) === 404) return null;
    if (statusOf(error) !== 403 || !/too.?large/i.test(errorText(error))) throw error;
    const listed = await shaFromDirectory({ octokit, repo }, path, ref);
    if (listed === null) return null;
    entry = { sha: listed, size: CONTENTS_API_FILE_MAX_BYTES + 1, content: "", encoding: "none" };
  }

  let bytes: Buffer;
  if (entry.encoding === "base64") bytes = Buffer.from(entry.content, "base64");
  else {
    const { data: blob } = await octokit.request("GET /repos/{owner}/{repo}/git/blobs/{file_sha}", { ...repo, file_sha: entry.sha });
    bytes = Buffer.from(blob.content, blob.encoding === "base64" ? "base64" : "utf8");
  }
  const text = bytes.toString("utf8");
  if (!Buffer.from(text, "utf8").equals(bytes)) throw new Error(`${path} is not valid UTF-8: not rewriting it`);
  return { text, sha: entry.sha };
}

async function shaFromDirectory({ octokit, repo }: Pick<GitHubScope, "octokit" | "repo">, path: string, ref: string): Promise<string | null> {
  const slash = path.lastIndexOf("/");
  const { data } = await octokit.request("GET /repos/{owner}/{repo}/contents/{path}", { ...repo, path: slash < 0 ? "" : path.slice(0, slash), ref });
  if (!Array.isArray(data)) return null;
  return data.find((item) => item.path === path && item.type === "file")?.sha ?? null;
}
