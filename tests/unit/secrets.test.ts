import { describe, expect, it } from "vitest";
import { ConfigError, SSM_PLACEHOLDER, withSecrets, type ParameterReader } from "../../functions/config";

/** A deployed function's environment, as SST binds its secrets. */
const deployed = (secrets: string[], extra: Record<string, string> = {}): NodeJS.ProcessEnv => ({
  AWS_REGION: "ap-southeast-1",
  SST_APP: "dichvucong",
  SST_STAGE: "prod",
  SST_SSM_PREFIX: "/sst/dichvucong/prod/",
  ...Object.fromEntries(secrets.map((name) => [`SST_Secret_value_${name}`, SSM_PLACEHOLDER])),
  ...extra,
});

/** Parameter Store with these parameters; records each read (names asked) and the region of the reader. */
function store(parameters: Record<string, string>) {
  const reads: string[][] = [];
  const regions: string[] = [];
  const reader = (region: string): ParameterReader => {
    regions.push(region);
    return async (names) => {
      reads.push(names);
      return new Map(names.filter((name) => name in parameters).map((name) => [name, parameters[name]!]));
    };
  };
  return { reader, reads, regions };
}

describe("withSecrets", () => {
  it("reads bound secrets from the stage's path, in one read", async () => {
    // Arrange
    const ssm = store({
      "/sst/dichvucong/prod/Secret/VNPAY_TMN_CODE/value": "TMN1",
      "/sst/dichvucong/prod/Secret/VNPAY_HASH_SECRET/value": "hash",
    });
    // Act
    const env = await withSecrets(deployed(["VNPAY_TMN_CODE", "VNPAY_HASH_SECRET"]), ssm.reader);
    // Assert
    expect(env).toMatchObject({ VNPAY_TMN_CODE: "TMN1", VNPAY_HASH_SECRET: "hash" });
    expect(ssm.regions).toEqual(["ap-southeast-1"]);
    expect(ssm.reads).toEqual([
      ["/sst/dichvucong/prod/Secret/VNPAY_TMN_CODE/value", "/sst/dichvucong/prod/Secret/VNPAY_HASH_SECRET/value"],
    ]);
  });

  it("falls back to the app-wide value only for the secrets the stage does not set", async () => {
    // Arrange
    const ssm = store({
      "/sst/dichvucong/prod/Secret/VNPAY_TMN_CODE/value": "stage",
      "/sst/dichvucong/.fallback/Secret/VNPAY_TMN_CODE/value": "fallback",
      "/sst/dichvucong/.fallback/Secret/VNPAY_PAY_URL/value": "https://pay.example.vn",
    });
    // Act
    const env = await withSecrets(deployed(["VNPAY_TMN_CODE", "VNPAY_PAY_URL"]), ssm.reader);
    // Assert
    expect(env).toMatchObject({ VNPAY_TMN_CODE: "stage", VNPAY_PAY_URL: "https://pay.example.vn" });
    expect(ssm.reads[1]).toEqual(["/sst/dichvucong/.fallback/Secret/VNPAY_PAY_URL/value"]);
  });

  it("names every secret set nowhere, and the command that sets it", async () => {
    // Arrange
    const ssm = store({});
    // Act
    const result = withSecrets(deployed(["VNPAY_TMN_CODE", "VNPAY_HASH_SECRET"]), ssm.reader);
    // Assert
    await expect(result).rejects.toThrow(ConfigError);
    await expect(result).rejects.toThrow(
      'config: VNPAY_TMN_CODE, VNPAY_HASH_SECRET are not set on stage "prod": `npx sst secrets set VNPAY_TMN_CODE <value> --stage prod`',
    );
  });

  it("reads nothing when no secret is bound, or when the variable already holds the value (locally)", async () => {
    // Arrange
    const ssm = store({});
    const local = { TOKEN_SECRET: "local-secret" };
    // Act
    const unchanged = await withSecrets(local, ssm.reader);
    const set = await withSecrets(deployed(["TOKEN_SECRET"], { TOKEN_SECRET: "given" }), ssm.reader);
    // Assert
    expect(unchanged).toBe(local);
    expect(set.TOKEN_SECRET).toBe("given");
    expect(ssm.regions).toEqual([]);
  });
});
