import { hash, verify } from '@node-rs/argon2';

// OWASP's argon2id baseline: 19 MiB, 2 iterations, 1 lane.
const options = { memoryCost: 19456, timeCost: 2, outputLen: 32, parallelism: 1 };

export { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../../auth/limits.ts';

export function hashPassword(password: string): Promise<string> {
	return hash(password, options);
}

export function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
	return verify(passwordHash, password);
}
