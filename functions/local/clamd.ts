import { spawn, type ChildProcess } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { createServer, type AddressInfo } from "node:net";
import { delimiter, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { ping } from "../adapters/clamav/clamd-client";

/**
 * The ClamAV daemon of the local portal (`npm start`), when Debian's `clamav-daemon` is installed: a child process
 * with its own configuration and signature folder inside the data folder, listening on a free localhost port.
 *
 * Signatures: the project ships one database, `functions/adapters/clamav/signatures/eicar.ndb`, with the standard
 * EICAR test signature, because signature downloads (freshclam) are impossible offline. It proves the wiring end to
 * end; it detects nothing real. A real deployment of ClamAV adds ClamAV's own databases (main, daily, bytecode:
 * `freshclam`, or copied into `<data>/clamav/db`): every `*.cvd`, `*.cld`, `*.ndb`, `*.hdb`… there is loaded.
 */

const SIGNATURES = join(dirname(fileURLToPath(import.meta.url)), "..", "adapters", "clamav", "signatures");
/** Where Debian puts the daemon (/usr/sbin is not on every user's PATH). */
const KNOWN_LOCATIONS = ["/usr/sbin/clamd", "/usr/local/sbin/clamd", "/opt/homebrew/sbin/clamd", "/usr/local/bin/clamd"];
const HOST = "127.0.0.1";

/** The clamd executable, or undefined when ClamAV is not installed. `CLAMD_PATH` overrides. Throws nothing. */
export function findClamd(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.CLAMD_PATH) return existsSync(env.CLAMD_PATH) ? env.CLAMD_PATH : undefined;
  for (const dir of (env.PATH ?? "").split(delimiter).filter(Boolean)) {
    const candidate = join(dir, "clamd");
    if (existsSync(candidate)) return candidate;
  }
  return KNOWN_LOCATIONS.find((path) => existsSync(path));
}

export interface Clamd {
  address: { host: string; port: number };
  /** The databases it loaded (file names). */
  databases: string[];
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, HOST, () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/** The configuration clamd reads (clamd.conf(5)); limits sized for dossier files (10 MB each at most). */
function configuration(dir: string, port: number): string {
  return [
    "# Written by the local portal (functions/local/clamd.ts) at every start; edits are overwritten.",
    "Foreground yes",
    `DatabaseDirectory ${join(dir, "db")}`,
    `TCPSocket ${port}`,
    `TCPAddr ${HOST}`,
    `LogFile ${join(dir, "clamd.log")}`,
    "LogTime yes",
    "StreamMaxLength 64M",
    "MaxFileSize 64M",
    "MaxScanSize 256M",
    // Alert on what cannot be scanned fully instead of calling it clean.
    "AlertExceedsMax yes",
    "AlertEncrypted yes",
    "AlertBrokenExecutables yes",
    "SelfCheck 3600",
    "",
  ].join("\n");
}

/**
 * Starts clamd over `<dataDir>/clamav` and resolves once it answers PING; undefined (with `reason`) when ClamAV is
 * not installed or does not start in `timeoutMs` — the portal then runs without a local scanner and says so.
 */
export async function startClamd(options: { dataDir: string; env?: NodeJS.ProcessEnv; timeoutMs?: number }): Promise<Clamd | { reason: string }> {
  const binary = findClamd(options.env);
  if (!binary) return { reason: "ClamAV is not installed (apt-get install clamav-daemon)" };
  const dir = join(options.dataDir, "clamav");
  const db = join(dir, "db");
  mkdirSync(db, { recursive: true, mode: 0o700 });
  for (const file of readdirSync(SIGNATURES)) copyFileSync(join(SIGNATURES, file), join(db, file));
  const port = await freePort();
  const conf = join(dir, "clamd.conf");
  writeFileSync(conf, configuration(dir, port), { mode: 0o600 });

  const address = { host: HOST, port };
  // clamd runs under a small shell that holds the read end of a pipe from this process: when this process ends —
  // stop(), or killed with SIGKILL, when nothing of it runs any more — the pipe closes, `cat` returns and the shell
  // stops clamd. So a portal that dies never leaves a daemon behind.
  const guard = 'clamd="$1"; conf="$2"; "$clamd" --config-file="$conf" & pid=$!; cat >/dev/null; kill "$pid" 2>/dev/null; wait "$pid"';
  const child: ChildProcess = spawn("/bin/sh", ["-c", guard, "clamd-guard", binary, conf], { stdio: ["pipe", "ignore", "pipe"] });
  child.stdin?.on("error", () => {}); // the guard gone already: nothing to tell it
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => (stderr = (stderr + chunk.toString("utf8")).slice(-2000)));
  const exited = new Promise<number | null>((resolve) => {
    child.once("exit", (code) => resolve(code));
    child.once("error", () => resolve(-1));
  });
  let gone = false;
  void exited.then(() => (gone = true));

  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  while (!(await ping(address, 1_000))) {
    if (gone || Date.now() > deadline) {
      child.stdin?.end();
      return { reason: `clamd did not start${stderr ? `: ${stderr.trim().split("\n").at(-1)}` : ""} (log: ${join(dir, "clamd.log")})` };
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    address,
    databases: readdirSync(db),
    async stop() {
      if (gone) return;
      child.stdin?.end(); // the guard stops clamd (SIGTERM) and waits for it
      const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
