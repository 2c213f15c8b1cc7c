export interface SourceRef {
  /** `https://github.com`, or a GitHub Enterprise server's URL. */
  serverUrl: string;
  owner: string;
  repo: string;
  /** The commit the documents were read at. */
  sha: string;
}

/** A link to lines of a file at one commit: stays valid whatever happens to the file later. */
export function permalink(source: SourceRef, path: string, line: number, endLine: number): string {
  const server = source.serverUrl.replace(/\/+$/, "");
  const file = path.split("/").map(encodeURIComponent).join("/");
  const repo = `${encodeURIComponent(source.owner)}/${encodeURIComponent(source.repo)}`;
  return `${server}/${repo}/blob/${source.sha}/${file}#L${line}-L${Math.max(line, endLine)}`;
}
