import { describe, expect, it } from 'vitest';
import { checkNewPassword } from './account.ts';

describe('checkNewPassword', () => {
	it('wants 10 to 256 characters, confirmed', () => {
		expect(checkNewPassword('123456789', '123456789')).toBe('too_short');
		expect(checkNewPassword('1234567890', '1234567890')).toBeNull();
		expect(checkNewPassword('x'.repeat(256), 'x'.repeat(256))).toBeNull();
		expect(checkNewPassword('x'.repeat(257), 'x'.repeat(257))).toBe('too_long');
		expect(checkNewPassword('1234567890', '1234567891')).toBe('mismatch');
	});
});
