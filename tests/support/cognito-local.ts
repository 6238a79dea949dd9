/**
 * cognito-local (a Cognito user-pool emulator, npm `cognito-local`) in this process, on a free loopback port, its
 * data in a temp folder. Built as its own `createDefaultServer` builds it (lib/server/defaults.js), with three
 * differences:
 * - no config file read from `.cognito/` in the working directory, and no default `UsernameAttributes: ["email"]`
 *   (a pool is as created, like the stage's pool: user names, e-mail as an alias);
 * - messages (the AdminCreateUser invitation) are recorded in `messages` instead of printed;
 * - cognito-local 5.3 has no AdminUserGlobalSignOut: it is added here as Cognito documents it for what the emulator
 *   keeps (the user's refresh tokens are dropped; UserNotFoundException for an unknown user). Every other call is
 *   the emulator's own.
 */
import { mkdtempSync, rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createRequire } from "node:module";
import { CognitoServiceFactoryImpl } from "cognito-local/lib/services/cognitoService.js";
import { StormDBDataStoreFactory } from "cognito-local/lib/services/dataStore/stormDb.js";
import { UserPoolServiceFactoryImpl } from "cognito-local/lib/services/userPoolService.js";
import { DateClock, LambdaService, MessagesService, TriggersService } from "cognito-local/lib/services/index.js";
import { CryptoService } from "cognito-local/lib/services/crypto.js";
import { MessageDeliveryService } from "cognito-local/lib/services/messageDelivery/messageDelivery.js";
import type { MessageSender } from "cognito-local/lib/services/messageDelivery/messageSender.js";
import { otp } from "cognito-local/lib/services/otp.js";
import { JwtTokenGenerator } from "cognito-local/lib/services/tokenGenerator.js";
import { Router } from "cognito-local/lib/server/Router.js";
import { createServer } from "cognito-local/lib/server/server.js";
import { UserNotFoundError } from "cognito-local/lib/errors.js";

export interface SentMessage {
  medium: "email" | "sms";
  destination: string;
  username: string;
  subject?: string;
  body?: string;
}

export interface CognitoLocal {
  /** http://127.0.0.1:<port> */
  endpoint: string;
  messages: SentMessage[];
  /** The user names AdminUserGlobalSignOut was called for, in order. */
  signOuts: string[];
  close(): Promise<void>;
}

export async function startCognitoLocal(): Promise<CognitoLocal> {
  const dataDirectory = mkdtempSync(join(tmpdir(), "dvc-cognito-"));
  // pino and aws-sdk (v2) are cognito-local's own dependencies: resolved from there.
  const fromEmulator = createRequire(createRequire(import.meta.url).resolve("cognito-local"));
  // Its server logs through pino-http: silenced.
  const pino = fromEmulator("pino") as (options: { level: string }) => never;
  const logger = pino({ level: "silent" });
  const ctx = { logger };
  const local = { credentials: { accessKeyId: "local", secretAccessKey: "local" }, region: "local" };
  const clock = new DateClock();
  const dataStoreFactory = new StormDBDataStoreFactory(dataDirectory);
  const cognito = await new CognitoServiceFactoryImpl(
    dataDirectory,
    dataStoreFactory,
    new UserPoolServiceFactoryImpl(clock, dataStoreFactory),
  ).create(ctx, {});
  // No trigger function is configured, so the Lambda client is never called.
  const AWS = fromEmulator("aws-sdk") as { Lambda: new (config: unknown) => never };
  const triggers = new TriggersService(clock, cognito, new LambdaService({}, new AWS.Lambda(local)), new CryptoService({}));
  const messages: SentMessage[] = [];
  const sender: MessageSender = {
    async sendEmail(_ctx, user, destination, message) {
      messages.push({ medium: "email", destination, username: user.Username, subject: message.emailSubject, body: message.emailMessage ?? message.__code });
    },
    async sendSms(_ctx, user, destination, message) {
      messages.push({ medium: "sms", destination, username: user.Username, body: message.smsMessage ?? message.__code });
    },
  };
  const services = {
    clock,
    cognito,
    config: { LambdaClient: local, TriggerFunctions: {}, UserPoolDefaults: {}, KMSConfig: local, TokenConfig: { IssuerDomain: "http://127.0.0.1" }, ServerConfig: {} },
    messages: new MessagesService(triggers, new MessageDeliveryService(sender)),
    otp,
    tokenGenerator: new JwtTokenGenerator(clock, triggers, { IssuerDomain: "http://127.0.0.1" }),
    triggers,
  };
  const emulator = Router(services as never);
  const signOuts: string[] = [];
  const router = ((target: string) => {
    if (target !== "AdminUserGlobalSignOut") return emulator(target);
    return async (context: typeof ctx, req: { UserPoolId: string; Username: string }) => {
      const pool = await cognito.getUserPool(context, req.UserPoolId);
      const user = await pool.getUserByUsername(context, req.Username);
      if (!user) throw new UserNotFoundError();
      await pool.saveUser(context, { ...user, RefreshTokens: [] });
      signOuts.push(req.Username);
      return {};
    };
  }) as typeof emulator;
  const server = await createServer(router, logger, { port: 0, hostname: "127.0.0.1", https: false }, services as never).start();
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    messages,
    signOuts,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(dataDirectory, { recursive: true, force: true });
    },
  };
}
