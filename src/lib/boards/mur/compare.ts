import { m } from '../../paraglide/messages.js';
import { differs, pairByKey } from '../compare-kit.ts';
import type { WallItemSummary, WallSummary } from './model.ts';

interface Placed {
	item: WallItemSummary;
	cluster: string | null;
}

function placed(summary: WallSummary): Placed[] {
	return [
		...(summary.clusters ?? []).flatMap((c) => c.items.map((item) => ({ item, cluster: c.name }))),
		...(summary.loose ?? []).map((item) => ({ item, cluster: null }))
	];
}

/** What changed between two snapshots of a wall: clusters, items posted, withdrawn, regrouped. */
export function compareWall(before: WallSummary, after: WallSummary): string[] {
	const sentences: string[] = [];
	const clusters = pairByKey(before.clusters ?? [], after.clusters ?? [], (c) => c.name);
	for (const cluster of clusters.added)
		sentences.push(m.snapshot_compare_added({ label: cluster.name }));
	for (const cluster of clusters.removed) {
		sentences.push(m.snapshot_compare_removed({ label: cluster.name }));
	}
	const loose = m.board_wall_loose();
	const items = pairByKey(placed(before), placed(after), (p) => p.item.text);
	for (const { item, cluster } of items.added) {
		sentences.push(m.snapshot_compare_added_in({ label: item.text, place: cluster ?? loose }));
	}
	for (const [old, now] of items.kept) {
		if (old.cluster !== now.cluster) {
			sentences.push(
				m.snapshot_compare_moved({
					label: now.item.text,
					from: old.cluster ?? loose,
					to: now.cluster ?? loose
				})
			);
		} else if (differs(old.item, now.item)) {
			sentences.push(m.snapshot_compare_edited({ label: now.item.text }));
		}
	}
	for (const { item } of items.removed)
		sentences.push(m.snapshot_compare_removed({ label: item.text }));
	return sentences;
}
