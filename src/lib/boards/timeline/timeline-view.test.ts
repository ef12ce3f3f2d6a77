import { describe, expect, it } from 'vitest';
import { fit, MIN_SPAN, pan, yearTicks, zoom } from './timeline-view.ts';

describe('timeline window', () => {
	it('zooms around the anchor and never closer than a year', () => {
		const window = { start: 1200, span: 240 };
		const closer = zoom(window, 0.5, 0.5);
		expect(closer).toEqual({ start: 1260, span: 120 });
		expect(zoom(window, 0.001).span).toBe(MIN_SPAN);
	});

	it('pans within 1900–2100', () => {
		expect(pan({ start: 10, span: 120 }, -100)).toEqual({ start: 0, span: 120 });
		expect(pan({ start: 1200, span: 120 }, 24)).toEqual({ start: 1224, span: 120 });
	});

	it('fits every experience with a margin, or shows the last twenty years', () => {
		const window = fit([{ start: 1200, end: 1300 }], 1500);
		expect(window.start).toBeLessThan(1200);
		expect(window.start + window.span).toBeGreaterThan(1300);
		expect(fit([], 1500)).toEqual({ start: 1260, span: 264 });
	});

	it('labels years more sparsely as it zooms out', () => {
		expect(yearTicks({ start: 1200, span: 60 })).toEqual([2000, 2001, 2002, 2003, 2004, 2005]);
		expect(yearTicks({ start: 1200, span: 600 })[1]).toBe(2005);
		expect(yearTicks({ start: 1200, span: 900 })).toEqual([
			2000, 2010, 2020, 2030, 2040, 2050, 2060, 2070
		]);
	});
});
