import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { join } from "node:path";

const root = join(import.meta.dirname, "..");

export interface FakeProcessInfo {
  url: string;
  host: string;
  appId: number;
  privateKeyFile: string;
  webhookSecret: string;
}

/** The fake GitHub in its own process (`main.ts`), as the app would meet GitHub: over HTTP. */
export async function startFakeProcess(): Promise<{ info: FakeProcessInfo; stop: () => void }> {
  const child = spawn(process.execPath, ["--import", "tsx", join(root, "test/support/fake-github/main.ts"), "--port", "0"], {
    cwd: root,
    stdio: ["ignore", "pipe", "inherit"],
  });
  const line = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once("line", resolve);
    child.once("exit", (code) => reject(new Error(`the fake GitHub exited with ${code}`)));
  });
  return { info: JSON.parse(line) as FakeProcessInfo, stop: () => child.kill("SIGTERM") };
}
