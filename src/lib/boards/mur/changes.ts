import { m } from '../../paraglide/messages.js';
import type { WallItem, WallState } from './model.ts';

function placesOf(state: WallState): Map<string, { item: WallItem; cluster: string | null }> {
	const places = new Map<string, { item: WallItem; cluster: string | null }>();
	for (const cluster of state.clusters) {
		for (const item of cluster.items) places.set(item.id, { item, cluster: cluster.name });
	}
	for (const item of state.loose) places.set(item.id, { item, cluster: null });
	return places;
}

/** What changed on the wall, for screen readers: items posted, withdrawn, regrouped. */
export function describeWallChanges(previous: WallState, next: WallState): string[] {
	const before = placesOf(previous);
	const after = placesOf(next);
	const sentences: string[] = [];
	for (const [id, { item, cluster }] of after) {
		const old = before.get(id);
		if (!old) sentences.push(m.board_wall_said_posted({ text: item.text }));
		else if (old.cluster !== cluster) {
			sentences.push(
				m.board_wall_said_placed({ text: item.text, cluster: cluster ?? m.board_wall_loose() })
			);
		}
	}
	for (const [id, { item }] of before) {
		if (!after.has(id)) sentences.push(m.board_wall_said_withdrawn({ text: item.text }));
	}
	return sentences.length > 3 ? [m.board_wall_said_many({ count: sentences.length })] : sentences;
}
