// The GitHub Action's entry (action.yml runs its bundle, dist/action/index.js): wiring only.
import { runAction } from "./action/run-action.js";

// The bundle is one file, with no parse worker beside it, and a workflow step has no webhooks to
// keep answering: documents are parsed in this thread.
process.env.TASKMIRROR_PARSE_THREADS ??= "0";
process.exitCode = await runAction({ env: process.env, cwd: process.cwd(), stdout: (text) => void process.stdout.write(text) });
