import { m } from '../../paraglide/messages.js';
import { pairByKey } from '../compare-kit.ts';
import type { CanvasSummary } from './model.ts';

/**
 * What changed between two snapshots of a canvas: shapes added, removed and moved, counted by
 * record id, then the texts that appeared or went.
 */
export function compareCanvas(before: CanvasSummary, after: CanvasSummary): string[] {
	const sentences: string[] = [];
	const shapes = pairByKey(before.shapes, after.shapes, (shape) => shape.id);
	const moved = shapes.kept.filter(([old, shape]) => old.x !== shape.x || old.y !== shape.y);
	if (shapes.added.length > 0) {
		sentences.push(m.snapshot_compare_shapes_added({ count: shapes.added.length }));
	}
	if (shapes.removed.length > 0) {
		sentences.push(m.snapshot_compare_shapes_removed({ count: shapes.removed.length }));
	}
	if (moved.length > 0) sentences.push(m.snapshot_compare_shapes_moved({ count: moved.length }));
	const texts = pairByKey(before.texts, after.texts, (text) => `${text.shapeId}\n${text.text}`);
	for (const text of texts.added) sentences.push(m.snapshot_compare_added({ label: text.text }));
	for (const text of texts.removed)
		sentences.push(m.snapshot_compare_removed({ label: text.text }));
	return sentences;
}
