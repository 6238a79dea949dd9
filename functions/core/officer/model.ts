import { z } from "zod";

/** The back office's roles (docs/domain.md "The one-stop back office"; the matrix is core/officer/authorization.ts). */
export const OFFICER_ROLES = ["intake", "specialist", "leader", "admin", "operator"] as const;
export type OfficerRole = (typeof OFFICER_ROLES)[number];

/** An officer as the portal records them: who they are at the IdP (`officerId` = the token's `sub`), where, what roles. */
export const Officer = z.object({
  officerId: z.string().min(1).max(128),
  username: z.string().min(1).max(128),
  name: z.string().trim().min(1).max(200),
  agencyCode: z.string().min(1).max(32),
  roles: z.array(z.enum(OFFICER_ROLES)).min(1),
  disabled: z.boolean().default(false),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Officer = z.infer<typeof Officer>;

/** The officers of the portal (DynamoDB deployed and locally; an in-memory fake in tests). */
export interface OfficerRepository {
  get(officerId: string): Promise<Officer | undefined>;
  byUsername(username: string): Promise<Officer | undefined>;
  /** Creates or replaces the officer (a write invalidates nothing: every request reads the record). */
  put(officer: Officer): Promise<void>;
  /** One agency's officers, by user name. */
  listByAgency(agencyCode: string): Promise<Officer[]>;
}

/** What the API is told by a verified access token (functions/adapters/oidc: any OpenID provider). */
export interface VerifiedToken {
  sub: string;
  username?: string;
}

export interface TokenVerifier {
  /** @throws UnauthenticatedError `officer.token_invalid` */
  verify(token: string): Promise<VerifiedToken>;
}

/** What is shown of an officer to others (the API's `OfficerSummary`, the CLI's lines): no timestamps. */
export const officerSummary = ({ officerId, username, name, agencyCode, roles, disabled }: Officer) => ({ officerId, username, name, agencyCode, roles, disabled });
