/**
 * The single table's shape, shared by the stacks (CDK) and the local portal (CreateTable), so the two never drift.
 *
 * Items (only adapters/dynamo knows these keys):
 *   pk=CATALOGUE            sk=AGENCY#<code> | PROC#<code>   the procedure catalogue (one Query loads it all)
 *   pk=CATALOGUE            sk=META                          catalogue version, bumped on every import
 *   pk=DOSSIER#<code>       sk=DOSSIER                       a dossier, its timeline inside it
 *   pk=SEQ#<agency>#<yymmdd> sk=SEQ                           the per-agency daily dossier counter
 *   pk=IDEMP#<scope>#<key>  sk=IDEMP                         an idempotency record pointing at a result
 *   pk=APIKEY#<keyId>       sk=APIKEY                        an agency API key (hash only)
 *   pk=STATS#<date>         sk=<scope>#<code> | META         a daily statistics row; META marks the day computed
 *   pk=STATS#M#<YYYY-MM>    sk=<scope>#<code> | META         a month's rollup of its computed days (written by the job
 *                                                            after each day); META lists the days it holds
 *   pk=PAYREF#<reference>   sk=PAYREF                        a payment reference → its dossier, and what the gateway said
 *   pk=PAYEVT#<date>        sk=<reference>#<event>…          the day's payment log: references created, verified callbacks
 *   pk=DEMO                 sk=SEED                          local only: the demo year's window and progress
 *                                                            (`npm start -- --demo`, functions/local/seed-demo.ts)
 *
 * Global secondary indexes (generic names, so new access patterns need no table migration):
 *   gsi1: agency inbox        gsi1pk=AGENCY#<code>  gsi1sk=<dueAt or submittedAt>#<code>
 *   gsi2: day of first receipt gsi2pk=RECEIVED#<date> gsi2sk=<first receiving agency>#<code>
 *   gsi3: day of ending       gsi3pk=ENDED#<date>    gsi3sk=<agency>#<code>   (resolved, withdrawn, stopped, refused)
 *   gsi4: day of submission   gsi4pk=SUBMITTED#<date> gsi4sk=<agency>#<code>
 *   gsi5: retired (open dossiers, OPEN#<agency>): no longer written, replaced by gsi7; drop it in a later deployment
 *   gsi6: undelivered events (keys only, sparse): gsi6pk=OUTBOX gsi6sk=<code> while a dossier holds events not
 *         yet delivered, where the store has no stream (the local portal's event poller; deployed, DynamoDB
 *         Streams carry the events and nothing is written to it)
 *   gsi7: inbox shelves       gsi7pk=SHELF#<agency>#<shelf>  gsi7sk=<position>
 *         every dossier past draft on one shelf of its agency (core/officer/inbox.ts: new, working, decided, waiting,
 *         done), by due time (`<dueAt or submittedAt>#<code>`; the working shelf without a due time sorts last,
 *         `~#<code>`), done ones by the time they ended (`<endedAt>#<code>`): the officer inbox's tabs and counts,
 *         and the period-end snapshot (the shelves other than done)
 *
 * Adding a GSI to a deployed table is one UpdateTable per index: CloudFormation adds one per deployment
 * (docs/operating.md, "Adding an index").
 */
import { SUBMITTED_FIELDS } from "../../core/stats/daily";

export const PARTITION_KEY = "pk";
export const SORT_KEY = "sk";
export const TTL_ATTRIBUTE = "expiresAt";

/**
 * What each index copies of an item. Every write that changes a copied attribute rewrites the index entry too, and
 * is billed for it by the entry's size, so an index copies only what its readers use (bench/submit.ts prices it):
 * the agency inbox copies the status it filters on and is then read item by item (BatchGetItem: reads cost a fifth
 * of writes); the day indexes the statistics job reads whole; the inbox shelves the fields of an inbox row.
 */
const SHELF_FIELDS = [
  "code",
  "status",
  "version",
  "procedureCode",
  "procedureName",
  "agencyCode",
  "receivingAgencyCode",
  "channel",
  "delivery",
  "applicant",
  "submittedAt",
  "receivedAt",
  "firstReceivedAt",
  "firstReceivedBy",
  "dueAt",
  "pausedAt",
  "resolvedAt",
  "resolution",
  "supplementRequests",
  "assignee",
  "apology",
  "endedAt",
  "payment",
  // folded code and applicant name, for the inbox's search (core/officer/inbox.ts searchTextOf)
  "searchText",
];

/** What the retired gsi5 copied: a deployed index's projection cannot change, so it stays as it was until dropped. */
const RETIRED_OPEN_FIELDS = SHELF_FIELDS.slice(0, SHELF_FIELDS.indexOf("endedAt"));

export const GLOBAL_INDEXES = [
  { indexName: "gsi1", partitionKey: "gsi1pk", sortKey: "gsi1sk", projection: { type: "INCLUDE", attributes: ["status"] } },
  { indexName: "gsi2", partitionKey: "gsi2pk", sortKey: "gsi2sk", projection: { type: "ALL" } },
  { indexName: "gsi3", partitionKey: "gsi3pk", sortKey: "gsi3sk", projection: { type: "ALL" } },
  { indexName: "gsi4", partitionKey: "gsi4pk", sortKey: "gsi4sk", projection: { type: "INCLUDE", attributes: SUBMITTED_FIELDS } },
  { indexName: "gsi5", partitionKey: "gsi5pk", sortKey: "gsi5sk", projection: { type: "INCLUDE", attributes: RETIRED_OPEN_FIELDS } },
  // Keys only: a work queue is read for codes, then each dossier is read (or changed) by its key.
  { indexName: "gsi6", partitionKey: "gsi6pk", sortKey: "gsi6sk", projection: { type: "KEYS_ONLY" } },
  { indexName: "gsi7", partitionKey: "gsi7pk", sortKey: "gsi7sk", projection: { type: "INCLUDE", attributes: SHELF_FIELDS } },
] as const satisfies readonly {
  indexName: string;
  partitionKey: string;
  sortKey: string;
  projection: { type: "ALL" | "KEYS_ONLY" } | { type: "INCLUDE"; attributes: readonly string[] };
}[];

export type IndexName = (typeof GLOBAL_INDEXES)[number]["indexName"];

/** The CreateTable input used locally (on-demand; each GSI with its projection). */
export function createTableInput(tableName: string) {
  const attributes = new Set<string>([PARTITION_KEY, SORT_KEY]);
  for (const index of GLOBAL_INDEXES) {
    attributes.add(index.partitionKey);
    attributes.add(index.sortKey);
  }
  return {
    TableName: tableName,
    BillingMode: "PAY_PER_REQUEST" as const,
    AttributeDefinitions: [...attributes].map((name) => ({ AttributeName: name, AttributeType: "S" as const })),
    KeySchema: [
      { AttributeName: PARTITION_KEY, KeyType: "HASH" as const },
      { AttributeName: SORT_KEY, KeyType: "RANGE" as const },
    ],
    GlobalSecondaryIndexes: GLOBAL_INDEXES.map((index) => ({
      IndexName: index.indexName,
      KeySchema: [
        { AttributeName: index.partitionKey, KeyType: "HASH" as const },
        { AttributeName: index.sortKey, KeyType: "RANGE" as const },
      ],
      Projection:
        index.projection.type === "INCLUDE"
          ? { ProjectionType: "INCLUDE" as const, NonKeyAttributes: [...index.projection.attributes] }
          : { ProjectionType: index.projection.type },
    })),
  };
}
