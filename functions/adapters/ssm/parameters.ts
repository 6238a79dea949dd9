import { GetParametersCommand, SSMClient } from "@aws-sdk/client-ssm";
import type { ParameterReader } from "../../config";
import { translateUnavailable } from "../unavailable";

/** GetParameters takes at most this many names a call. */
const NAMES_PER_CALL = 10;

/**
 * Reads SSM parameters by name, decrypted (SecureString); names that do not exist are left out of the answer.
 * Over the function's own SDK (the same version and core as its DynamoDB and S3 clients, so the bundle
 * carries one copy): one GetParameters call per ten names, all at once. Like every SDK client it honours
 * AWS_ENDPOINT_URL_SSM, which is how the bundle tests point it at a local stand-in.
 */
export function ssmParameterReader(region: string): ParameterReader {
  const ssm = new SSMClient({ region });
  translateUnavailable(ssm, "ssm");
  return async (names) => {
    const batches: string[][] = [];
    for (let i = 0; i < names.length; i += NAMES_PER_CALL) batches.push(names.slice(i, i + NAMES_PER_CALL));
    const answers = await Promise.all(batches.map((Names) => ssm.send(new GetParametersCommand({ Names, WithDecryption: true }))));
    const values = new Map<string, string>();
    for (const answer of answers) {
      for (const p of answer.Parameters ?? []) if (p.Name && p.Value !== undefined) values.set(p.Name, p.Value);
    }
    return values;
  };
}
