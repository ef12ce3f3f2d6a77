import type { LockModel } from '../kind.ts';
import { isItemPart, itemPart } from '../locks.ts';
import { readEnquete } from './read.ts';
import { peopleRoot } from './schema.ts';

/**
 * What can be locked on an enquête métier: each interview (a person met, with its notes), and the
 * conclusion (what it confirms and questions, the verdict).
 */

const PERSON = 'person';
const CONCLUSION = itemPart('conclusion', 'verdict');

export const enqueteLocks: LockModel = {
	parts(doc) {
		return [
			...readEnquete(doc).people.map((person) => ({
				part: itemPart(PERSON, person.id),
				label: `Entretien : ${person.firstName}`
			})),
			{ part: CONCLUSION, label: 'Conclusion et verdict' }
		];
	},
	partsOf(doc, root, key) {
		if (root === 'conclusion') return [CONCLUSION];
		return root === 'people' && peopleRoot(doc).has(key) ? [itemPart(PERSON, key)] : [];
	},
	isPart: (part) => part === CONCLUSION || isItemPart(PERSON, part)
};
