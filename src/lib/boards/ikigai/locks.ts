import * as Y from 'yjs';
import type { LockModel } from '../kind.ts';
import { itemPart } from '../locks.ts';
import { boardCoordinate, regionAt, regions, type RegionId } from './geometry.ts';

/**
 * What can be locked on an Ikigai board: each zone (region of the diagram). A note belongs to the
 * zone its position puts it in, so locking a zone freezes its notes and keeps others out.
 */

const ZONE = 'zone';
/** The part of a zone: locking it freezes its notes and keeps others out. */
export function zonePart(region: RegionId): string {
	return itemPart(ZONE, region);
}

const zoneParts = new Set(regions.map((region) => zonePart(region.id)));

export const ikigaiLocks: LockModel = {
	parts() {
		return regions.map((region) => ({
			part: zonePart(region.id),
			label: `Zone ${region.label}`
		}));
	},
	partsOf(doc, root, key) {
		if (root !== 'notes') return [];
		const note = doc.getMap<unknown>('notes').get(key);
		if (!(note instanceof Y.Map)) return [];
		const x = boardCoordinate(note.get('x'));
		const y = boardCoordinate(note.get('y'));
		return [zonePart(regionAt(x, y))];
	},
	isPart: (part) => zoneParts.has(part)
};
