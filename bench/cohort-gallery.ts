/**
 * The facilitator's side of `bench/cohort.ts`: the gallery page of the exercise in headless
 * Chromium (Debian's, launched as the end-to-end suite launches it), signed in by the session
 * cookie. Once every thumbnail shows its participant's card, a MutationObserver watches the
 * thumbnails; each marker that appears in one is stamped in the next animation frame (the frame
 * that paints it) with `performance.timeOrigin + performance.now()` and handed to the bench through
 * an exposed function. Chrome's own counters (CDP `Performance.getMetrics`) give the page's cost.
 */
import { chromium, type Browser, type CDPSession, type Page } from 'playwright-core';
import { CHROMIUM_LAUNCH_OPTIONS } from '../tests/helpers/chromium.ts';

/** The page's counters at one moment: main-thread time in seconds, heap in bytes. */
export interface PageMetrics {
	taskS: number;
	scriptS: number;
	layoutS: number;
	styleS: number;
	heapUsed: number;
	nodes: number;
}

/** Headless; the bench closes it itself on Ctrl-C (Playwright would exit before its clean-up). */
export function launchChromium(): Promise<Browser> {
	return chromium.launch({
		...CHROMIUM_LAUNCH_OPTIONS,
		headless: true,
		handleSIGINT: false,
		handleSIGTERM: false
	});
}

const READY_TIMEOUT_MS = 60_000;

export class GalleryPage {
	/** Markers drawn, with the page's time of the frame that painted them. */
	readonly drawn: [marker: string, at: number][] = [];
	readonly #page: Page;
	readonly #cdp: CDPSession;

	private constructor(page: Page, cdp: CDPSession) {
		this.#page = page;
		this.#cdp = cdp;
	}

	/**
	 * Opens `url` with the session `cookie`, waits until `copies` thumbnails show a marker of
	 * `pattern`, then starts reporting the markers that appear.
	 */
	static async open(
		browser: Browser,
		url: string,
		cookie: string,
		copies: number,
		pattern: RegExp
	): Promise<GalleryPage> {
		const context = await browser.newContext({ locale: 'fr-FR' });
		const split = cookie.indexOf('=');
		await context.addCookies([
			{
				name: cookie.slice(0, split),
				value: cookie.slice(split + 1),
				url: new URL(url).origin,
				httpOnly: true,
				sameSite: 'Lax'
			}
		]);
		const page = await context.newPage();
		const gallery = new GalleryPage(page, await context.newCDPSession(page));
		await page.exposeFunction('benchDrawn', (markers: string[], at: number) => {
			for (const marker of markers) gallery.drawn.push([marker, at]);
		});
		const response = await page.goto(url);
		if (response?.status() !== 200) throw new Error(`gallery: HTTP ${response?.status()}`);
		await page.waitForFunction(
			({ copies, source }) =>
				[...document.querySelectorAll('article[data-board-id]')].filter((article) =>
					new RegExp(source).test(article.textContent ?? '')
				).length >= copies,
			{ copies, source: pattern.source },
			{ timeout: READY_TIMEOUT_MS }
		);
		await page.evaluate(observeMarkers, pattern.source);
		await gallery.#cdp.send('Performance.enable');
		return gallery;
	}

	async metrics(): Promise<PageMetrics> {
		const { metrics } = await this.#cdp.send('Performance.getMetrics');
		const value = (name: string) => metrics.find((m) => m.name === name)?.value ?? NaN;
		return {
			taskS: value('TaskDuration'),
			scriptS: value('ScriptDuration'),
			layoutS: value('LayoutDuration'),
			styleS: value('RecalcStyleDuration'),
			heapUsed: value('JSHeapUsedSize'),
			nodes: value('Nodes')
		};
	}

	/** The page's clock now (epoch milliseconds). */
	now(): Promise<number> {
		return this.#page.evaluate(() => performance.timeOrigin + performance.now());
	}

	async close(): Promise<void> {
		await this.#page.context().close();
	}
}

/**
 * Runs in the page: reports each marker new to a thumbnail, stamped in the animation frame after
 * the mutation that brought it. Only the thumbnails touched by a mutation are read again.
 */
function observeMarkers(source: string): void {
	const pattern = new RegExp(source, 'g');
	const report = (window as unknown as { benchDrawn(markers: string[], at: number): void })
		.benchDrawn;
	const shown = new Set<string>();
	let pending: string[] = [];
	const read = (article: Element) => {
		for (const marker of article.textContent?.match(pattern) ?? []) {
			if (shown.has(marker)) continue;
			shown.add(marker);
			pending.push(marker);
		}
	};
	document.querySelectorAll('article[data-board-id]').forEach(read);
	pending = [];
	new MutationObserver((records) => {
		const waiting = pending.length > 0;
		const touched = new Set<Element>();
		for (const record of records) {
			const node = record.target;
			const element = node instanceof Element ? node : node.parentElement;
			const article = element?.closest('article[data-board-id]');
			if (article) touched.add(article);
		}
		touched.forEach(read);
		if (waiting || pending.length === 0) return;
		requestAnimationFrame(() => {
			const at = performance.timeOrigin + performance.now();
			const markers = pending;
			pending = [];
			report(markers, at);
		});
	}).observe(document.body, { subtree: true, childList: true, characterData: true });
}
