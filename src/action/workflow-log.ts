import { pino } from "pino";
import { workflowCommand } from "../cli/workflow-command.js";
import type { Log } from "../github/types.js";

const OMITTED = new Set(["level", "time", "msg", "pid", "hostname"]);
const FIELDS_MAX = 1000;

/**
 * The sync's pino logger, written the way a step's log reads: warnings and errors become
 * `::warning::`/`::error::` (listed on the run's page), info is plain text, debug is
 * `::debug::` (shown when the run is re-run with debug logging, which also lowers the level).
 */
export function workflowLog(write: (text: string) => void, debug: boolean): Log {
  const destination = {
    write(line: string) {
      const record = JSON.parse(line) as Record<string, unknown>;
      const level = typeof record.level === "number" ? record.level : 30;
      const fields = Object.fromEntries(Object.entries(record).filter(([key]) => !OMITTED.has(key)));
      const json = Object.keys(fields).length > 0 ? JSON.stringify(fields) : "";
      const message = `${String(record.msg ?? "")}${json ? ` ${json.length > FIELDS_MAX ? `${json.slice(0, FIELDS_MAX)}…` : json}` : ""}`;
      if (level >= 50) write(workflowCommand("error", message));
      else if (level >= 40) write(workflowCommand("warning", message));
      else if (level >= 30) write(`${message}\n`);
      else write(workflowCommand("debug", message));
    },
  };
  return pino({ level: debug ? "debug" : "info", base: undefined }, destination) as unknown as Log;
}
