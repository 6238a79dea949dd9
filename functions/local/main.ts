/**
 * `npm start`: the whole portal on one localhost port, on embedded dynalite + s3rver, data kept in .data/.
 *   npm start -- --reset      start empty (deletes the data folder first)
 *   PORT=8080 DATA_DIR=/tmp/x npm start
 */
import { startPortal } from "./portal";

async function main() {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  const args = process.argv.slice(2);
  const unknown = args.filter((a) => a !== "--reset");
  if (unknown.length) {
    console.error(`unknown argument(s): ${unknown.join(" ")}\nusage: npm start [-- --reset]`);
    process.exit(2);
  }
  const started = Date.now();
  const portal = await startPortal({ reset: args.includes("--reset"), log: (line) => console.log(`  ${line}`) });
  console.log(`
dichvucong is running (${Date.now() - started} ms)
  web front-end   ${portal.url}/
  API             ${portal.url}/v1   (health: ${portal.url}/v1/health, reference: ${portal.url}/v1/docs)
  DynamoDB        ${portal.config.dynamoEndpoint}  table ${portal.config.tableName}
  S3              ${portal.config.s3Endpoint}  bucket ${portal.config.bucketName}
  payments        VNPay protocol, gateway ${portal.config.vnpay.payUrl}
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
