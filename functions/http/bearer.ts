/** The bearer credential of a request: a citizen's access token or an agency's API key. No imports: the authorizer uses it. */
export function bearer(authorization: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "");
  return match?.[1];
}
