import { m } from '../../paraglide/messages.js';
import { pairByKey } from '../compare-kit.ts';
import { regionLabel } from './changes.ts';
import type { RegionId } from './geometry.ts';
import type { IkigaiSummary } from './model.ts';

function notes(summary: IkigaiSummary): { text: string; region: RegionId }[] {
	return summary.regions.flatMap((region) =>
		region.notes.map((text) => ({ text, region: region.id }))
	);
}

/** What changed between two snapshots of an Ikigai: notes added, moved to another zone, removed. */
export function compareIkigai(before: IkigaiSummary, after: IkigaiSummary): string[] {
	const sentences: string[] = [];
	// Notes that stayed in their zone pair first, so a duplicated text is not seen as moved.
	const stayed = pairByKey(notes(before), notes(after), (note) => `${note.region}\n${note.text}`);
	const rest = pairByKey(stayed.removed, stayed.added, (note) => note.text);
	for (const note of rest.added) {
		sentences.push(
			m.snapshot_compare_added_in({ label: note.text, place: regionLabel(note.region) })
		);
	}
	for (const [old, note] of rest.kept) {
		sentences.push(
			m.snapshot_compare_moved({
				label: note.text,
				from: regionLabel(old.region),
				to: regionLabel(note.region)
			})
		);
	}
	for (const note of rest.removed) sentences.push(m.snapshot_compare_removed({ label: note.text }));
	return sentences;
}
