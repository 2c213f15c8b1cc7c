// The GitHub Action's entry (action.yml runs its bundle, dist/action/index.js): wiring only.
import { runAction } from "./action/run-action.js";

process.exitCode = await runAction({ env: process.env, cwd: process.cwd(), stdout: (text) => void process.stdout.write(text) });
