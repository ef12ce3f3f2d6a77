import { sha256 } from '@oslojs/crypto/sha2';
import { constantTimeEqual } from '@oslojs/crypto/subtle';
import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';

/**
 * `id.secret` tokens as in the Lucia guide, for whatever stands for a credential (sessions,
 * invitations, share links): the id finds the row, only a SHA-256 of the secret is stored, so a
 * leaked table is no key.
 */
export interface SecretToken {
	id: string;
	secretHash: Uint8Array;
	/** What the holder gets, once: `id.secret`. */
	token: string;
}

function randomString(): string {
	const bytes = new Uint8Array(24);
	crypto.getRandomValues(bytes);
	return encodeBase32LowerCaseNoPadding(bytes);
}

export function hashTokenSecret(secret: string): Uint8Array {
	return sha256(new TextEncoder().encode(secret));
}

export function newSecretToken(): SecretToken {
	const id = randomString();
	const secret = randomString();
	return { id, secretHash: hashTokenSecret(secret), token: `${id}.${secret}` };
}

/** Splits `id.secret`; null for anything else (wrong shape, stray characters, absurd length). */
export function splitToken(token: string): { id: string; secret: string } | null {
	if (token.length > 200 || !/^[a-z0-9]+\.[a-z0-9]+$/.test(token)) return null;
	const [id, secret] = token.split('.') as [string, string];
	return { id, secret };
}

/** Compares a presented secret with the stored hash in constant time. */
export function secretMatches(secret: string, storedHash: Uint8Array): boolean {
	return constantTimeEqual(hashTokenSecret(secret), new Uint8Array(storedHash));
}
