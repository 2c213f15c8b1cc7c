/** One instruction of a Dockerfile: `COPY --from=build /package/ ./` → COPY, flags, arguments. */
export interface DockerInstruction {
  keyword: string;
  /** `--from=build`, `--mount=type=cache,target=/root/.npm`, … (before the arguments). */
  flags: Record<string, string>;
  /** What follows the flags, as written (continuation lines joined). */
  args: string;
  line: number;
}

export interface DockerStage {
  image: string;
  name: string | null;
  instructions: DockerInstruction[];
}

/**
 * Reads a Dockerfile into its stages — enough of the format for tests to check what an image
 * is built from and to replay its runtime stage: comments and parser directives dropped,
 * backslash continuations joined, `--flag=value` options split off.
 */
export function parseDockerfile(text: string): DockerStage[] {
  const stages: DockerStage[] = [];
  const lines = text.split(/\r?\n/);
  for (let index = 0; index < lines.length; index += 1) {
    const first = index + 1;
    let line = lines[index]!.trim();
    if (line === "" || line.startsWith("#")) continue;
    while (line.endsWith("\\") && index + 1 < lines.length) {
      index += 1;
      const next = lines[index]!.trim();
      line = `${line.slice(0, -1).trimEnd()} ${next.startsWith("#") ? "" : next}`.trimEnd();
    }
    const [keyword = "", ...rest] = line.split(/\s+/);
    let args = line.slice(keyword.length).trim();
    const flags: Record<string, string> = {};
    for (const word of rest) {
      const flag = /^--([a-z-]+)=(\S*)$/.exec(word);
      if (!flag) break;
      flags[flag[1]!] = flag[2]!;
      args = args.slice(word.length).trim();
    }
    const instruction: DockerInstruction = { keyword: keyword.toUpperCase(), flags, args, line: first };
    if (instruction.keyword === "FROM") {
      const [image = "", as, name] = args.split(/\s+/);
      stages.push({ image, name: as?.toUpperCase() === "AS" && name ? name : null, instructions: [] });
      continue;
    }
    const stage = stages.at(-1);
    if (!stage) throw new Error(`Dockerfile line ${first}: ${instruction.keyword} before FROM`);
    stage.instructions.push(instruction);
  }
  return stages;
}

/** An exec-form instruction's argument list (`CMD ["node", "dist/main.js"]`). */
export function execForm(args: string): string[] {
  const parsed: unknown = JSON.parse(args);
  if (!Array.isArray(parsed) || !parsed.every((part) => typeof part === "string")) throw new Error(`not an exec form: ${args}`);
  return parsed;
}
