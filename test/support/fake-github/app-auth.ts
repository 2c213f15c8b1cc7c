import { createPublicKey, generateKeyPairSync, randomBytes, verify, type KeyObject } from "node:crypto";
import type { AppIdentity } from "./context.js";
import type { FakeState } from "./fake-state.js";
import type { InstallationToken } from "./types.js";

/** Installation tokens live one hour on GitHub. */
const TOKEN_LIFETIME_MS = 60 * 60 * 1000;
/** GitHub refuses app JWTs that expire more than ten minutes after they were issued. */
const JWT_MAX_LIFETIME_S = 600;
/** Clock drift GitHub tolerates on `iat`. */
const JWT_CLOCK_DRIFT_S = 60;

export type Credentials = { kind: "jwt"; token: string } | { kind: "token"; token: string } | { kind: "none" };

/** An RSA key pair like the one GitHub issues for an app: PKCS#1 PEM private key. */
export function generateAppKeys(): { privateKey: string; publicKey: KeyObject } {
  const { privateKey } = generateKeyPairSync("rsa", {
    modulusLength: 2048,
    privateKeyEncoding: { type: "pkcs1", format: "pem" },
    publicKeyEncoding: { type: "spki", format: "pem" },
  });
  return { privateKey, publicKey: createPublicKey(privateKey) };
}

export function readCredentials(authorization: string | undefined): Credentials {
  if (authorization === undefined) return { kind: "none" };
  const match = /^(bearer|token)\s+(\S+)$/i.exec(authorization.trim());
  if (match === null) return { kind: "none" };
  const token = match[2] as string;
  // An app JWT has three base64url parts; installation tokens are opaque `ghs_` strings.
  return token.split(".").length === 3 ? { kind: "jwt", token } : { kind: "token", token };
}

function decodePart(part: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, "base64url").toString("utf8"));
    return typeof value === "object" && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Checks an app JWT as GitHub does; returns GitHub's 401 message when it is refused. */
export function verifyAppJwt(token: string, app: AppIdentity, nowMs = Date.now()): string | null {
  const [headerPart, payloadPart, signaturePart] = token.split(".") as [string, string, string];
  const header = decodePart(headerPart);
  const claims = decodePart(payloadPart);
  if (header === undefined || claims === undefined) return "A JSON web token could not be decoded";
  if (header.alg !== "RS256") return "A JSON web token could not be decoded";
  const signed = verify("RSA-SHA256", Buffer.from(`${headerPart}.${payloadPart}`), app.publicKey, Buffer.from(signaturePart, "base64url"));
  if (!signed) return "A JSON web token could not be decoded";
  const now = Math.floor(nowMs / 1000);
  const { iat, exp, iss } = claims;
  if (typeof iat !== "number" || iat > now + JWT_CLOCK_DRIFT_S) return "'Issued at' claim ('iat') must be an Integer representing the time that the assertion was issued.";
  if (typeof exp !== "number" || exp <= now) return "'Expiration time' claim ('exp') must be a numeric value representing the future time at which the assertion expires.";
  if (exp - iat > JWT_MAX_LIFETIME_S + JWT_CLOCK_DRIFT_S) return "'Expiration time' claim ('exp') is too far in the future.";
  if (String(iss) !== String(app.id) && iss !== app.clientId) return "'Issuer' claim ('iss') must be an Integer";
  return null;
}

export function issueInstallationToken(state: FakeState, installationId: number, repoIds: Set<number> | null, nowMs = Date.now()): InstallationToken {
  const token: InstallationToken = {
    token: `ghs_${randomBytes(27).toString("base64url").replace(/[-_]/g, "x")}`,
    installationId,
    expiresAt: nowMs + TOKEN_LIFETIME_MS,
    repoIds,
  };
  state.tokens.set(token.token, token);
  return token;
}

/** A workflow's `GITHUB_TOKEN` expires when its job ends, at most 24 hours after it starts. */
const WORKFLOW_TOKEN_LIFETIME_MS = 24 * 60 * 60 * 1000;
/** The GitHub Actions app's installation, which the fake models only through its tokens. */
const ACTIONS_INSTALLATION_ID = 0;

/**
 * The `GITHUB_TOKEN` a workflow run gets: an installation token of the GitHub Actions app for
 * the workflow's repository only, acting as `github-actions[bot]`
 * (https://docs.github.com/en/actions/security-for-github-actions/security-guides/automatic-token-authentication).
 */
export function issueWorkflowToken(state: FakeState, repoId: number, nowMs = Date.now()): InstallationToken {
  const token: InstallationToken = {
    token: `ghs_${randomBytes(27).toString("base64url").replace(/[-_]/g, "x")}`,
    installationId: ACTIONS_INSTALLATION_ID,
    expiresAt: nowMs + WORKFLOW_TOKEN_LIFETIME_MS,
    repoIds: new Set([repoId]),
    actor: state.account("github-actions[bot]", "Bot"),
  };
  state.tokens.set(token.token, token);
  return token;
}
