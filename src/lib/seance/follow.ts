/**
 * Suivez-moi as plain functions: where a page is scrolled, as fractions of what it can scroll
 * (so a laptop and a projector land on the same part of a board), a throttle for reporting it,
 * and how long a spotlight still shines. No DOM here, so the tests need none.
 */

/** What a scrolling box (the page's `document.scrollingElement`) says about itself. */
export interface ScrollBox {
	scrollLeft: number;
	scrollTop: number;
	scrollWidth: number;
	scrollHeight: number;
	clientWidth: number;
	clientHeight: number;
}

function fraction(offset: number, range: number): number {
	if (range <= 0) return 0;
	return Math.min(1, Math.max(0, offset / range));
}

/** The scroll position as fractions (0–1) of the scrollable range; 0 where nothing scrolls. */
export function scrollFractions(box: ScrollBox): { scrollX: number; scrollY: number } {
	return {
		scrollX: fraction(box.scrollLeft, box.scrollWidth - box.clientWidth),
		scrollY: fraction(box.scrollTop, box.scrollHeight - box.clientHeight)
	};
}

/** The offsets that put `box` at the fractions another screen reported. */
export function scrollOffsets(
	fractions: { scrollX: number; scrollY: number },
	box: Omit<ScrollBox, 'scrollLeft' | 'scrollTop'>
): { left: number; top: number } {
	const clamp = (value: number) => (Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : 0);
	return {
		left: Math.round(clamp(fractions.scrollX) * Math.max(0, box.scrollWidth - box.clientWidth)),
		top: Math.round(clamp(fractions.scrollY) * Math.max(0, box.scrollHeight - box.clientHeight))
	};
}

/** A throttled function: `call` as often as you like, `cancel` drops what is pending. */
export interface Throttled<A extends unknown[]> {
	call(...args: A): void;
	cancel(): void;
}

/**
 * Runs `run` at once, then at most once per `intervalMs`, always with the latest arguments:
 * the last call of a burst is never lost (trailing edge), so followers end where the leader
 * stopped.
 */
export function throttle<A extends unknown[]>(
	run: (...args: A) => void,
	intervalMs: number
): Throttled<A> {
	let last = -Infinity;
	let pending: A | null = null;
	let timer: ReturnType<typeof setTimeout> | undefined;
	const flush = () => {
		timer = undefined;
		if (!pending) return;
		const args = pending;
		pending = null;
		last = Date.now();
		run(...args);
	};
	return {
		call(...args) {
			pending = args;
			if (timer !== undefined) return;
			const wait = last + intervalMs - Date.now();
			if (wait <= 0) flush();
			else timer = setTimeout(flush, wait);
		},
		cancel() {
			clearTimeout(timer);
			timer = undefined;
			pending = null;
		}
	};
}

/** How long (ms) a spotlight ending at `until` still shines at `now` (both on the server's clock). */
export function spotlightRemaining(until: number, now: number): number {
	return Math.max(0, until - now);
}
