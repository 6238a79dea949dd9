/**
 * Storage of payment references and of the gateway's verified callbacks (adapters/dynamo/payment-store.ts).
 * The dossier itself (its `payment` and `payments`) is written through the DossierRepository's conditional commit;
 * this store keeps what the dossier cannot: which dossier a gateway reference belongs to, and the day-by-day
 * evidence reconciliation compares with the dossiers.
 */

/** A reference handed to the gateway, and what the gateway has said about it since. */
export interface PaymentReference {
  reference: string;
  dossierCode: string;
  provider: string;
  amount: number;
  createdAt: string;
  expiresAt: string;
  /** First verified success notification (IPN) for this reference. */
  ipnSuccessAt?: string;
  /** First verified failure notification (IPN). */
  ipnFailureAt?: string;
  transactionNo?: string;
  /** First verified return (browser) saying success / failure. */
  returnSuccessAt?: string;
  returnFailureAt?: string;
}

export type PaymentEventKind = "created" | "ipn" | "return";

/**
 * One entry of a day's payment log: a reference created, or a verified callback. Repeated callbacks with the same
 * meaning fold into one entry with a count, so a gateway retrying twenty times writes one item.
 */
export interface PaymentEvent {
  /** Vietnam date of the event (its partition). */
  date: string;
  kind: PaymentEventKind;
  reference: string;
  provider: string;
  dossierCode?: string;
  /** VND as the gateway stated it (callbacks) or as requested (created). */
  amount: number;
  /** callbacks: what the gateway said */
  success?: boolean;
  responseCode?: string;
  transactionNo?: string;
  /** callbacks: what we answered / did (`confirmed` when it changed the dossier) */
  outcome?: string;
  firstAt: string;
  lastAt: string;
  count: number;
}

export interface PaymentStore {
  /**
   * Records a new reference (pointing at its dossier) and its `created` event.
   * @throws ConflictError `payment.reference_taken` when the reference exists (the caller draws another).
   */
  reserve(reference: PaymentReference): Promise<void>;
  get(reference: string): Promise<PaymentReference | undefined>;
  /** Adds a verified callback to its day's log and to its reference's summary (when the reference exists). */
  recordCallback(event: Omit<PaymentEvent, "firstAt" | "lastAt" | "count"> & { at: string }): Promise<void>;
  /** One day's log, in one partition (no scan). */
  eventsOn(date: string): Promise<PaymentEvent[]>;
}
