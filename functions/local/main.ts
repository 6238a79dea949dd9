/**
 * `npm start`: the whole portal on one localhost port, on embedded dynalite + s3rver, data kept in .data/.
 *   npm start -- --reset      start empty (deletes the data folder first)
 *   npm start -- --demo       seed a year of realistic dossiers and its statistics (once; later starts keep them)
 *   PORT=8080 DATA_DIR=/tmp/x npm start
 */
import { startPortal } from "./portal";
import { seedDemoYear } from "./seed-demo";

const FLAGS = ["--reset", "--demo"];

/** A progress line on the terminal (rewritten in place when it is one). */
function progress(label: string, done: number, total: number) {
  const line = `  ${label}: ${done.toLocaleString("en")} / ${total.toLocaleString("en")}`;
  if (process.stdout.isTTY) process.stdout.write(`\r${line}${done === total ? "\n" : ""}`);
  else if (done === total || done % 2500 === 0) console.log(line);
}

async function main() {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  const args = process.argv.slice(2);
  const unknown = args.filter((a) => !FLAGS.includes(a));
  if (unknown.length) {
    console.error(`unknown argument(s): ${unknown.join(" ")}\nusage: npm start [-- --reset] [--demo]`);
    process.exit(2);
  }
  const started = Date.now();
  const portal = await startPortal({ reset: args.includes("--reset"), log: (line) => console.log(`  ${line}`) });
  if (args.includes("--demo")) {
    try {
      const demo = await seedDemoYear(portal.adapters, portal.config, {
        onStart: ({ from, to, resuming }) =>
          console.log(`  demo year: ${resuming ? "finishing the seeding of" : "seeding"} ${from} to ${to}, then its statistics (once)…`),
        progress: (phase, done, total) => progress(phase === "dossiers" ? "dossiers written" : "days of statistics", done, total),
      });
      console.log(
        demo.status === "already"
          ? `  demo year: already seeded (${demo.dossiers.toLocaleString("en")} dossiers, ${demo.from} to ${demo.to}); nothing changed`
          : `  demo year: ${demo.dossiers.toLocaleString("en")} dossiers from ${demo.from} to ${demo.to} and ${demo.statisticsDays} days of statistics in ${(demo.ms / 1000).toFixed(1)} s`,
      );
    } catch (err) {
      console.error(`  demo year: failed (${err instanceof Error ? err.message : String(err)}); start again with --demo to resume`);
    }
  }
  console.log(`
dichvucong is running (${Date.now() - started} ms)
  web front-end   ${portal.url}/
  API             ${portal.url}/v1   (health: ${portal.url}/v1/health, reference: ${portal.url}/v1/docs)
  DynamoDB        ${portal.config.dynamoEndpoint}  table ${portal.config.tableName}
  S3              ${portal.config.s3Endpoint}  bucket ${portal.config.bucketName}
  payments        VNPay protocol, gateway ${portal.config.vnpay.payUrl}
  back office     ${portal.url}/officer/   sign-in ${portal.idp.issuer}  (users ${portal.idp.demoUsers.join(", ")}; password ${portal.idp.demoPassword})
  data folder     ${portal.dataDir}
Ctrl-C stops it; the data stays for the next start (npm start -- --reset starts empty).`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping…`);
    try {
      await portal.close();
      console.log("stopped cleanly.");
      process.exit(0);
    } catch (err) {
      console.error("error while stopping:", err);
      process.exit(1);
    }
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
}

main().catch((err) => {
  console.error(`could not start the portal: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
