import * as Y from 'yjs';
import {
	BoardInputError,
	cleanText,
	itemEntries,
	newId,
	newItem,
	newText,
	readString,
	readText,
	requireItem,
	sharedText,
	writePlacement,
	writeText
} from '../model-kit.ts';
import { sortOrdered } from '../fractional-index.ts';
import type { TextField } from '../text-field.ts';
import {
	FORMATION_LINK_MAX,
	FORMATION_SHORT_MAX,
	FORMATION_TEXT_MAX,
	MAX_FORMATIONS,
	formationsRoot,
	isDate,
	isHttpLink,
	pistesRoot
} from './schema.ts';

/**
 * « Veille formations » of a piste: formations the beneficiary found and noted by hand (no
 * catalogue is shipped), listed under their piste in the order they were noted (see `schema.ts`).
 */

export interface Formation {
	id: string;
	pisteId: string;
	title: string;
	organisme: string;
	duration: string;
	cost: string;
	cpf: boolean;
	/** '' or an http(s) address. */
	link: string;
	/** When the information was last checked, 'YYYY-MM-DD', or null. */
	checkedOn: string | null;
}

export interface FormationInput {
	title: string;
	organisme?: string;
	duration?: string;
	cost?: string;
	cpf?: boolean;
	link?: string;
	checkedOn?: string | null;
}

export type FormationTextKey = 'title' | 'organisme' | 'duration' | 'cost';
const textMax: Record<FormationTextKey, number> = {
	title: FORMATION_TEXT_MAX,
	organisme: FORMATION_TEXT_MAX,
	duration: FORMATION_SHORT_MAX,
	cost: FORMATION_SHORT_MAX
};
const textKeys = Object.keys(textMax) as FormationTextKey[];

function cleanFormation(input: Partial<FormationInput>): Record<string, unknown> {
	const fields: Record<string, unknown> = {};
	for (const key of textKeys) {
		const value = input[key];
		if (value !== undefined)
			fields[key] = cleanText(value, key, textMax[key], key === 'title' ? 1 : 0);
	}
	if (input.cpf !== undefined) {
		if (typeof input.cpf !== 'boolean') throw new BoardInputError('invalid', 'cpf');
		fields.cpf = input.cpf;
	}
	if (input.link !== undefined) {
		const link = cleanText(input.link, 'link', FORMATION_LINK_MAX, 0);
		if (link !== '' && !isHttpLink(link)) throw new BoardInputError('invalid', 'link');
		fields.link = link;
	}
	if (input.checkedOn !== undefined) {
		if (input.checkedOn !== null && !isDate(input.checkedOn)) {
			throw new BoardInputError('invalid', 'checkedOn');
		}
		fields.checkedOn = input.checkedOn;
	}
	return fields;
}

/** Notes a formation under a piste. Returns its id. */
export function addFormation(doc: Y.Doc, pisteId: string, input: FormationInput): string {
	if (input.title === undefined) throw new BoardInputError('empty', 'title');
	const fields = {
		organisme: '',
		duration: '',
		cost: '',
		cpf: false,
		link: '',
		checkedOn: null,
		...cleanFormation(input)
	};
	const id = newId('formation-');
	doc.transact(() => {
		requireItem(pistesRoot(doc), pisteId, 'pisteId');
		const formations = formationsRoot(doc);
		if (formations.size >= MAX_FORMATIONS) throw new BoardInputError('limit_reached', 'formations');
		const values = Object.entries(fields).map(([key, value]) => [
			key,
			(textKeys as string[]).includes(key) ? newText(value as string) : value
		]);
		const siblings = itemEntries(formations)
			.filter(([, map]) => readString(map, 'pisteId') === pisteId)
			.map(([key, map]) => ({ id: key, map, key: map.get('order') }));
		const item = newItem({ pisteId, ...Object.fromEntries(values) });
		formations.set(id, item);
		writePlacement(doc, item, 'order', siblings, MAX_FORMATIONS);
	});
	return id;
}

/** Changes some fields of a formation. */
export function updateFormation(
	doc: Y.Doc,
	formationId: string,
	patch: Partial<FormationInput>
): void {
	const fields = cleanFormation(patch);
	doc.transact(() => {
		const item = requireItem(formationsRoot(doc), formationId, 'formationId');
		for (const [key, value] of Object.entries(fields)) {
			if ((textKeys as string[]).includes(key)) writeText(item, key, value as string);
			else item.set(key, value);
		}
	});
}

/** Removes a formation. */
export function removeFormation(doc: Y.Doc, formationId: string): void {
	doc.transact(() => {
		requireItem(formationsRoot(doc), formationId, 'formationId');
		formationsRoot(doc).delete(formationId);
	});
}

/** Removes the formations of a piste (with the piste itself: `removePiste`). */
export function removeFormationsOf(doc: Y.Doc, pisteId: string): void {
	for (const [id, map] of itemEntries(formationsRoot(doc))) {
		if (readString(map, 'pisteId') === pisteId) formationsRoot(doc).delete(id);
	}
}

function toFormation(id: string, map: Y.Map<unknown>): Formation {
	const link = map.get('link');
	const checkedOn = map.get('checkedOn');
	return {
		id,
		pisteId: readString(map, 'pisteId'),
		title: readText(map, 'title').trim() || '?',
		organisme: readText(map, 'organisme').trim(),
		duration: readText(map, 'duration').trim(),
		cost: readText(map, 'cost').trim(),
		cpf: map.get('cpf') === true,
		link: isHttpLink(link) ? link : '',
		checkedOn: isDate(checkedOn) ? checkedOn : null
	};
}

/** The formations of a piste, in the order they were noted. */
export function readFormations(doc: Y.Doc, pisteId: string): Formation[] {
	const entries = itemEntries(formationsRoot(doc))
		.filter(([, map]) => readString(map, 'pisteId') === pisteId)
		.map(([id, map]) => ({ id, map, key: map.get('order') }));
	return sortOrdered(entries).map(({ id, map }) => toFormation(id, map));
}

/** A free-text field of a formation, typed into live (`SharedTextField`). */
export function formationField(formationId: string, key: FormationTextKey): TextField {
	return {
		key: `formations/${formationId}/${key}`,
		max: textMax[key],
		locate(doc) {
			const item = formationsRoot(doc).get(formationId);
			return item instanceof Y.Map ? sharedText(item as Y.Map<unknown>, key) : null;
		}
	};
}
