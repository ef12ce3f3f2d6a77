import * as Y from 'yjs';
import type { LockModel } from '../kind.ts';
import { isItemPart, itemPart } from '../locks.ts';
import { readString } from '../model-kit.ts';
import { readActionPlan } from './read.ts';
import { actionsRoot, pistesRoot, todayIso } from './schema.ts';

/**
 * What can be locked on an action plan: a piste, with its actions (none added, moved in or out,
 * edited or removed), or a single action.
 */

const PISTE = 'piste';
const ACTION = 'action';

export const actionPlanLocks: LockModel = {
	parts(doc) {
		const plan = readActionPlan(doc, todayIso());
		const actionPart = (action: { id: string; title: string }) => ({
			part: itemPart(ACTION, action.id),
			label: `Action : ${action.title}`
		});
		return [
			...plan.pistes.flatMap((piste) => [
				{ part: itemPart(PISTE, piste.id), label: `Piste : ${piste.title}` },
				...piste.actions.map(actionPart)
			]),
			...plan.orphans.map(actionPart)
		];
	},
	partsOf(doc, root, key) {
		if (root === 'pistes') return pistesRoot(doc).has(key) ? [itemPart(PISTE, key)] : [];
		if (root !== 'actions') return [];
		const action = actionsRoot(doc).get(key);
		if (!(action instanceof Y.Map)) return [];
		const pisteId = readString(action, 'pisteId');
		const own = itemPart(ACTION, key);
		return pisteId === '' ? [own] : [own, itemPart(PISTE, pisteId)];
	},
	isPart: (part) => isItemPart(PISTE, part) || isItemPart(ACTION, part)
};
