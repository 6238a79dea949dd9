// One cold start of a Lambda bundle (tests/support/function-bundles.ts): `node bundle-runner.mjs <bundle.mjs> [event JSON]`.
// Imports the bundle (timed: the function's module init), calls `handler(event)` once if an event is given (timed),
// and prints one JSON line with the figures and the handler's answer. With `--sequence <JSON array of events>` it
// calls the handler with each event in turn, as one warm instance, and prints every answer (`answers`).
// With `--loads` first, it also lists the bundle's files Node compiled during the import (`loadedAtInit`) and during
// the invocations (`loadedLater`), from the inspector's script events: a bundle is split into chunks, and a chunk
// imported with `import()` is read only when that runs (stacks/bundling.ts). Timings taken with `--loads` are not
// comparable (the debugger is on), so the bench never passes it.
import { Session } from "node:inspector";
import { dirname } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const args = process.argv.slice(2);
const traceLoads = args[0] === "--loads";
if (traceLoads) args.shift();
const [bundle, ...rest] = args;
const sequence = rest[0] === "--sequence" ? JSON.parse(rest[1]) : undefined;
const event = sequence ? undefined : rest[0];

const loaded = [];
if (traceLoads) {
  const dir = pathToFileURL(dirname(bundle)).href + "/";
  const session = new Session();
  session.connect();
  session.on("Debugger.scriptParsed", ({ params }) => {
    if (params.url.startsWith(dir)) loaded.push(fileURLToPath(params.url));
  });
  session.post("Debugger.enable");
}

const cpu = process.cpuUsage();
const start = performance.now();
const mod = await import(pathToFileURL(bundle).href).catch((err) => {
  // What Lambda would log as the init error; Node's own report would start with the whole minified line.
  console.error(err instanceof Error ? `${err.name}: ${err.message}` : String(err));
  process.exit(1);
});
const initMs = performance.now() - start;
const used = process.cpuUsage(cpu);
const result = { initMs, initCpuMs: (used.user + used.system) / 1000, rssAfterInitMb: process.memoryUsage().rss / 2 ** 20 };
const atInit = loaded.length;
const context = { awsRequestId: "bundle-runner", functionName: bundle, getRemainingTimeInMillis: () => 10_000 };
// A handler that throws: what Lambda would log (its name and message), not Node's report led by the minified line.
const invoke = (each) =>
  Promise.resolve()
    .then(() => mod.handler(each, context))
    .catch((err) => {
      console.error(err instanceof Error ? `${err.name}: ${err.message}` : String(err));
      process.exit(1);
    });
if (event !== undefined) {
  const invoked = performance.now();
  result.answer = await invoke(JSON.parse(event));
  result.firstInvokeMs = performance.now() - invoked;
  result.rssAfterInvokeMb = process.memoryUsage().rss / 2 ** 20;
}
if (sequence) {
  result.answers = [];
  for (const each of sequence) result.answers.push(await invoke(each));
}
if (traceLoads) {
  result.loadedAtInit = [...new Set(loaded.slice(0, atInit))];
  result.loadedLater = [...new Set(loaded.slice(atInit))].filter((file) => !result.loadedAtInit.includes(file));
}
// The SDK clients keep connections alive; a Lambda sandbox would be frozen here, a process has to leave — once the line
// is written: to a pipe, a write beyond its buffer (an answer of the OpenAPI document is larger) finishes later, and
// leaving before it did would cut the line short.
process.stdout.write(`${JSON.stringify(result)}\n`, () => process.exit(0));
