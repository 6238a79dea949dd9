/**
 * Access tokens. Kept in this module's memory for the life of the tab; written to localStorage only when the
 * citizen ticks "remember on this device". Nothing else personal is ever stored.
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
  return memory.get(code) ?? storage()?.getItem(PREFIX + code) ?? undefined;
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
}
