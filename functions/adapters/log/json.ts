import type { LogFields, Logger } from "../../core/log";

/** JSON lines on the console (CloudWatch Logs deployed, the terminal locally), one object per line. */
export function jsonLogger(base: LogFields = {}): Logger {
  const write = (level: "info" | "warn" | "error", message: string, fields: LogFields = {}) => {
    const line = JSON.stringify({ at: new Date().toISOString(), level, msg: message, ...base, ...fields });
    if (level === "error") console.error(line);
    else if (level === "warn") console.warn(line);
    else console.log(line);
  };
  return {
    info: (message, fields) => write("info", message, fields),
    warn: (message, fields) => write("warn", message, fields),
    error: (message, fields) => write("error", message, fields),
    child: (fields) => jsonLogger({ ...base, ...fields }),
  };
}
