import { describe, expect, it } from 'vitest';
import { screenJoin } from './join-qr.ts';

describe('what the presentation screen shows to join', () => {
	it('links the page that joins the séance at once, with its QR code', async () => {
		const { joinUrl, qrSvg } = await screenJoin('/bilans/b1', 'https://atelier.example');
		expect(joinUrl).toBe('https://atelier.example/bilans/b1?rejoindre');
		expect(qrSvg).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
	});
});
