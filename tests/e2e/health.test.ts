import { expect, test } from '@playwright/test';

test('the app answers in French with the database up', async ({ page, request }) => {
	const health = await request.get('/healthz');
	expect(health.status()).toBe(200);
	expect(await health.json()).toEqual({ status: 'ok' });
	await page.goto('/');
	await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
});
