import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

/** Phone-first checks shared by the e2e tests that look at pages on a phone. */

export const WIDTH = 390;
export const HEIGHT = 844;
/** The context options of a 390 × 844 touch screen (an iPhone 12–15). */
export const PHONE = { viewport: { width: WIDTH, height: HEIGHT }, isMobile: true, hasTouch: true };

export async function seriousViolations(page: Page): Promise<string[]> {
	const results = await new AxeBuilder({ page }).analyze();
	return results.violations
		.filter((v) => v.impact === 'serious' || v.impact === 'critical')
		.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** What is wider than the screen, to name in a failure. */
function overflowing(page: Page): Promise<string[]> {
	return page.evaluate((width) => {
		return [...document.querySelectorAll('body *')]
			.filter((el) => el.getBoundingClientRect().right > width + 1)
			.filter(
				(el) => !el.parentElement || el.parentElement.getBoundingClientRect().right <= width + 1
			)
			.slice(0, 5)
			.map((el) => `${el.tagName.toLowerCase()}.${[...el.classList].join('.')}`);
	}, WIDTH);
}

/** Opens `path` and checks it fits the phone and has no serious accessibility violation. */
export async function fits(page: Page, path: string): Promise<void> {
	const response = await page.goto(path);
	expect.soft(response?.status(), `${path} answers`).toBeLessThan(400);
	await page.waitForLoadState('networkidle');
	const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
	expect
		.soft(scrollWidth, `${path} is ${scrollWidth}px wide: ${(await overflowing(page)).join(', ')}`)
		.toBeLessThanOrEqual(WIDTH);
	expect.soft(await seriousViolations(page), `${path} accessibility`).toEqual([]);
}
