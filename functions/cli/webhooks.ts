import { parseArgs } from "node:util";
import { EVENT_TYPES, type EventType } from "../core/dossier/events";
import { pingSubscription, replayDelivery, subscribe, unsubscribe, type WebhookDeps } from "../core/notify/webhooks";
import { webhookDeps } from "../wiring/notify";
import type { Command } from "./main";

const HELP = `usage:
  npm run cli -- webhooks add --agency <code> --url <url> [--events t1,t2] [--stage NAME]
  npm run cli -- webhooks list --agency <code> [--stage NAME]
  npm run cli -- webhooks remove --agency <code> <id> [--stage NAME]
  npm run cli -- webhooks test --agency <code> <id> [--stage NAME]
  npm run cli -- webhooks replay --agency <code> <id> <deliveryId> [--stage NAME]
  npm run cli -- webhooks deliveries --agency <code> <id> [--stage NAME]

add         prints {"id","secret"}: the signing secret (Standard Webhooks, whsec_…) is shown this once.
            Deployed, only public https URLs are accepted; locally, loopback receivers too.
test        queues a webhook.ping delivery; replay queues a delivery again (a dead-lettered one, say).
events      ${EVENT_TYPES.join(", ")}`;

/** `webhooks add|list|remove|test|replay|deliveries`: agencies' webhook subscriptions, for operators. */
export const webhooksCommand: Command = {
  summary: "agencies' webhook subscriptions: add, list, remove, test, replay",
  usage: "webhooks add --agency CODE --url URL | list | remove | test | replay",
  async run(args, open) {
    const [sub, ...rest] = args;
    let parsed;
    try {
      parsed = parseArgs({ args: rest, options: { agency: { type: "string" }, url: { type: "string" }, events: { type: "string" } }, allowPositionals: true });
    } catch (err) {
      console.error(`${(err as Error).message}\n\n${HELP}`);
      return 2;
    }
    const { values, positionals } = parsed;
    const needs: Record<string, number> = { add: 0, list: 0, remove: 1, test: 1, replay: 2, deliveries: 1 };
    if (!sub || !(sub in needs)) {
      console.log(HELP);
      return sub === "help" ? 0 : 2;
    }
    if (!values.agency) {
      console.error(`webhooks ${sub} needs --agency <code>\n\n${HELP}`);
      return 2;
    }
    if (sub === "add" && !values.url) {
      console.error(`webhooks add needs --url <url>\n\n${HELP}`);
      return 2;
    }
    if (positionals.length !== needs[sub]) {
      console.error(`webhooks ${sub} needs ${needs[sub]} argument(s)\n\n${HELP}`);
      return 2;
    }
    const events = values.events?.split(",").map((e) => e.trim()).filter(Boolean);
    const unknown = events?.find((e) => !(EVENT_TYPES as readonly string[]).includes(e));
    if (unknown) {
      console.error(`unknown event type "${unknown}"\n\n${HELP}`);
      return 2;
    }
    const ctx = await open();
    try {
      if (!(await ctx.adapters.catalogue.getAgency(values.agency))) {
        console.error(`error: agency ${values.agency} is not in the catalogue`);
        return 1;
      }
      const local = !ctx.config.stage || ctx.config.stage === "local";
      const deps: WebhookDeps = { ...webhookDeps(ctx.config, ctx.adapters), allowPrivateTargets: local || ctx.config.notify.allowPrivateTargets };
      const agency = values.agency;
      if (sub === "add") {
        const { subscription, secret } = await subscribe(deps, agency, { url: values.url!, events: events as EventType[] | undefined });
        console.log(JSON.stringify({ id: subscription.id, secret, url: subscription.url, events: subscription.events }));
      } else if (sub === "list") {
        const items = await deps.webhooks.listSubscriptions(agency);
        console.log(JSON.stringify(items.map(({ secrets, ...s }) => ({ ...s, secrets: secrets.length })), null, 2));
      } else if (sub === "remove") {
        await unsubscribe(deps, agency, positionals[0]!);
        console.log(JSON.stringify({ removed: positionals[0] }));
      } else if (sub === "test") {
        const delivery = await pingSubscription(deps, agency, positionals[0]!);
        console.log(JSON.stringify({ queued: delivery.deliveryId }));
      } else if (sub === "replay") {
        const delivery = await replayDelivery(deps, agency, positionals[0]!, positionals[1]!);
        console.log(JSON.stringify({ queued: delivery.deliveryId, status: delivery.status }));
      } else {
        const page = await deps.webhooks.listDeliveries(positionals[0]!, { limit: 100 });
        for (const d of page.items) {
          const last = d.attempts.at(-1);
          console.log(`${d.deliveryId}  ${d.status.padEnd(9)} ${d.eventType.padEnd(30)} attempts ${d.attemptCount}  ${last ? `last ${last.status ?? "-"} ${last.latencyMs} ms ${last.error ?? ""}` : ""}`);
        }
      }
      return 0;
    } catch (err) {
      const code = (err as { code?: string }).code;
      const reason = (err as { params?: { reason?: string } }).params?.reason;
      if (code === "webhook.url_refused") console.error(`error: the URL is refused: ${reason}`);
      else if (code === "webhook.not_found") console.error(`error: agency ${values.agency} has no subscription ${positionals[0]}`);
      else if (code === "webhook.delivery_not_found") console.error(`error: no delivery ${positionals[1]}`);
      else if (code === "webhook.too_many") console.error("error: the agency has 10 subscriptions already");
      else throw err;
      return 1;
    } finally {
      await ctx.close();
    }
  },
};
