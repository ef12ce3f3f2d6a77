import { describe, expect, it } from 'vitest';
import { licenceMissing } from './licence.ts';

const production = { dev: false, protocol: 'https:', hostname: 'atelier.example.fr' };

describe('licenceMissing', () => {
	it('is true only in production on a public HTTPS host without a key', () => {
		expect(licenceMissing({ ...production, key: undefined })).toBe(true);
		expect(licenceMissing({ ...production, key: '  ' })).toBe(true);
		expect(licenceMissing({ ...production, key: 'tldraw-2026-…' })).toBe(false);
		expect(licenceMissing({ ...production, dev: true, key: undefined })).toBe(false);
		expect(licenceMissing({ ...production, protocol: 'http:', key: undefined })).toBe(false);
		for (const hostname of ['localhost', 'app.localhost', '127.0.0.1', '[::1]']) {
			expect(licenceMissing({ ...production, hostname, key: undefined })).toBe(false);
		}
	});
});
