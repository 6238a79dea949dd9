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
 *   pk=PAYREF#<reference>   sk=PAYREF                        a payment reference → its dossier, and what the gateway said
 *   pk=PAYEVT#<date>        sk=<reference>#<event>…          the day's payment log: references created, verified callbacks
 *
 * Global secondary indexes (generic names, so new access patterns need no table migration):
 *   gsi1: agency inbox        gsi1pk=AGENCY#<code>  gsi1sk=<dueAt or submittedAt>#<code>
 *   gsi2: day of first receipt gsi2pk=RECEIVED#<date> gsi2sk=<first receiving agency>#<code>
 *   gsi3: day of ending       gsi3pk=ENDED#<date>    gsi3sk=<agency>#<code>   (resolved, withdrawn, stopped, refused)
 *   gsi4: day of submission   gsi4pk=SUBMITTED#<date> gsi4sk=<agency>#<code>
 *   gsi5: open dossiers       gsi5pk=OPEN#<agency>   gsi5sk=<dueAt or submittedAt>#<code>
 *         (submitted and not yet ended: the officer inbox's tabs and the period-end snapshot read only these)
 *   gsi6: work queues (keys only, sparse)
 *         gsi6pk=DRAFT#<created date>  while a dossier is a draft: the sweeper of abandoned uploads
 *         gsi6pk=OUTBOX                while a dossier holds events not yet delivered, where the store has no
 *                                      stream (the local portal's event poller; deployed, DynamoDB Streams)
 *         gsi6sk=<code>
 *
 * Adding a GSI to a deployed table is one UpdateTable per index: CloudFormation adds one per deployment
 * (docs/operating.md, "Adding an index").
 */

export const PARTITION_KEY = "pk";
export const SORT_KEY = "sk";
export const TTL_ATTRIBUTE = "expiresAt";

export const GLOBAL_INDEXES = [
  { indexName: "gsi1", partitionKey: "gsi1pk", sortKey: "gsi1sk", projection: "ALL" },
  { indexName: "gsi2", partitionKey: "gsi2pk", sortKey: "gsi2sk", projection: "ALL" },
  { indexName: "gsi3", partitionKey: "gsi3pk", sortKey: "gsi3sk", projection: "ALL" },
  { indexName: "gsi4", partitionKey: "gsi4pk", sortKey: "gsi4sk", projection: "ALL" },
  { indexName: "gsi5", partitionKey: "gsi5pk", sortKey: "gsi5sk", projection: "ALL" },
  // Keys only: a work queue is read for codes, then each dossier is read (or changed) by its key.
  { indexName: "gsi6", partitionKey: "gsi6pk", sortKey: "gsi6sk", projection: "KEYS_ONLY" },
] as const;

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
      Projection: { ProjectionType: index.projection },
    })),
  };
}
