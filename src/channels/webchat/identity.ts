import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { isDuplicateKey } from '../../db/connect.js';
import { WebChatMessageModel } from '../../db/models/webchat-message.js';
import { WebChatVisitorModel } from '../../db/models/webchat-visitor.js';
import { feedLineId } from './feed.js';
import { isVisitorId } from './input.js';

/** What the page keeps and shows on every request: `Authorization: Bearer <visitorId>.<secret>`. */
export interface VisitorCredential {
  visitorId: string;
  secret: string;
}

/** A secret as {@link issueVisitor} makes it: 32 random bytes, base64url (43 characters). */
const SECRET = /^[A-Za-z0-9_-]{43}$/;

function hashOf(secret: string): Buffer {
  return createHash('sha256').update(secret, 'utf8').digest();
}

function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * Reads the credential from an `Authorization: Bearer <visitorId>.<secret>` header. Returns
 * `undefined` for anything else (absent, another scheme, a malformed id or secret).
 */
export function parseVisitorCredential(header: string | undefined): VisitorCredential | undefined {
  const match = /^Bearer ([0-9a-f-]{36})\.([A-Za-z0-9_-]{43})$/.exec(header ?? '');
  if (!match || !isVisitorId(match[1]) || !SECRET.test(match[2]!)) return undefined;
  return { visitorId: match[1], secret: match[2]! };
}

/** Issues a new visitor: a fresh id and secret. Only the secret's hash is stored. */
export async function issueVisitor(now = new Date()): Promise<VisitorCredential> {
  const credential = { visitorId: randomUUID(), secret: newSecret() };
  await WebChatVisitorModel.create({ _id: credential.visitorId, secretHash: hashOf(credential.secret).toString('hex'), issuedAt: now });
  return credential;
}

/**
 * Gives a secret to a visitor id the page chose itself before the server issued credentials,
 * so an existing visitor keeps their conversation. It succeeds once per id, and only for an id
 * that has a conversation (its first feed line exists); otherwise `undefined`, and the page
 * starts a new identity. Whoever claims first keeps the id: a copy of an old id claimed by
 * someone else no longer reads anything once the owner has claimed it, and vice versa.
 */
export async function claimLegacyVisitor(visitorId: string, now = new Date()): Promise<VisitorCredential | undefined> {
  if (!isVisitorId(visitorId)) return undefined;
  if (!(await WebChatMessageModel.exists({ _id: feedLineId(visitorId, 1) }))) return undefined;
  const secret = newSecret();
  try {
    await WebChatVisitorModel.create({ _id: visitorId, secretHash: hashOf(secret).toString('hex'), issuedAt: now, claimedLegacy: true });
  } catch (err) {
    if (isDuplicateKey(err)) return undefined;
    throw err;
  }
  return { visitorId, secret };
}

/** True when `credential` names an issued visitor and proves its secret (compared in constant time). */
export async function verifyVisitor(credential: VisitorCredential): Promise<boolean> {
  const stored = await WebChatVisitorModel.findById(credential.visitorId, { secretHash: 1 }).lean<{ secretHash?: string }>();
  if (!stored?.secretHash || !/^[0-9a-f]{64}$/.test(stored.secretHash)) return false;
  return timingSafeEqual(Buffer.from(stored.secretHash, 'hex'), hashOf(credential.secret));
}
