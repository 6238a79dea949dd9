/**
 * Access tokens. Kept in this module's memory for the life of the tab; written to localStorage only when the
 * citizen ticks "remember on this device", or in sessionStorage during a payment round-trip (below). Nothing else
 * personal is ever stored.
 */

const PREFIX = "dvc.token.";
const memory = new Map<string, string>();

function storage(): Storage | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined;
  }
}

export function getToken(code: string): string | undefined {
  return memory.get(code) ?? storage()?.getItem(PREFIX + code) ?? heldForPayment(code);
}

export function isRemembered(code: string): boolean {
  return Boolean(storage()?.getItem(PREFIX + code));
}

export function keepToken(code: string, token: string, remember: boolean): void {
  memory.set(code, token);
  if (remember) storage()?.setItem(PREFIX + code, token);
  else storage()?.removeItem(PREFIX + code);
}

export function forgetToken(code: string): void {
  memory.delete(code);
  storage()?.removeItem(PREFIX + code);
  releasePaymentHold(code);
}

/**
 * While the citizen is away on the payment gateway (before_submit procedures), the token of that one dossier is
 * kept in sessionStorage (this tab only, gone when the tab closes), so the return page can submit the dossier.
 * It is removed as soon as the dossier is submitted, or when the citizen forgets the token.
 */
const PAYING = "dvc.paying.";

function session(): Storage | undefined {
  try {
    return window.sessionStorage;
  } catch {
    return undefined;
  }
}

export function holdForPayment(code: string, token: string): void {
  memory.set(code, token);
  session()?.setItem(PAYING + code, token);
}

export function heldForPayment(code: string): string | undefined {
  return session()?.getItem(PAYING + code) ?? undefined;
}

export function releasePaymentHold(code: string): void {
  session()?.removeItem(PAYING + code);
}
