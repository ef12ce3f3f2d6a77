import type * as Y from 'yjs';
import type { LockModel } from '../kind.ts';
import { isItemPart, itemPart } from '../locks.ts';
import { itemEntries, readString, readText } from '../model-kit.ts';

/**
 * What can be locked on a career timeline: each experience, with everything in it (its fields and
 * its skills).
 */

const EXPERIENCE = 'experience';

function experiences(doc: Y.Doc): Y.Map<unknown> {
	return doc.getMap<unknown>('experiences');
}

export const timelineLocks: LockModel = {
	parts(doc) {
		return itemEntries(experiences(doc))
			.map(([id, map]) => ({
				id,
				start: readString(map, 'start'),
				title: readText(map, 'title').trim()
			}))
			.sort((a, b) => a.start.localeCompare(b.start) || a.id.localeCompare(b.id))
			.map(({ id, title }) => ({
				part: itemPart(EXPERIENCE, id),
				label: `Expérience : ${title || '?'}`
			}));
	},
	partsOf(doc, root, key) {
		return root === 'experiences' && experiences(doc).has(key) ? [itemPart(EXPERIENCE, key)] : [];
	},
	isPart: (part) => isItemPart(EXPERIENCE, part)
};
