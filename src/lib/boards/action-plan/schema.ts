import * as Y from 'yjs';
import * as s from '../doc-schema.ts';
import { itemTextField } from '../model-kit.ts';
import type { TextField } from '../text-field.ts';

/**
 * Plan d’action: document shape, vocabularies, limits and the free-text fields. Only these roots
 * exist:
 * - `pistes` (Y.Map of Y.Map, keyed by id): `title`, `description`, `priority`, `order`
 *   (fractional key), `pros` and `cons` (Y.Array of strings), `metier` (the ROME métier it
 *   aims at, `{ code, libelle }`, or absent: set whole, never typed into).
 * - `actions` (Y.Map of Y.Map, keyed by id): `pisteId`, `title`, `category`, `due`
 *   ('YYYY-MM-DD' or null), `ownerKind`, `ownerName`, `status`, `notes`, `order` (fractional
 *   key within its piste).
 * - `formations` (Y.Map of Y.Map, keyed by id): the « veille formations » of a piste, noted by
 *   hand: `pisteId`, `title`, `organisme`, `duration`, `cost` (Y.Text), `cpf` (boolean), `link`
 *   ('' or an http(s) address), `checkedOn` ('YYYY-MM-DD' or null), `order` (fractional key
 *   within its piste: the order they were noted). Flat with their piste as a
 *   field, like the actions; deleting a piste deletes them, and one added to a piste deleted
 *   at the same moment goes with it (readers show a formation under its piste only).
 * The free text (titles, descriptions, notes, an owner's name) is Y.Text, typed into live by
 * both people; the pros and cons stay plain strings, each added or removed whole.
 *
 * Actions live in one flat map with their piste as a field rather than nested under the piste:
 * moving an action to another piste is one field write (last writer wins), so a concurrent
 * move can never duplicate it. Deleting a piste deletes its actions; an action added to (or
 * moved into) a piste someone deleted at the same moment is an ORPHAN: readers list it apart
 * ("Sans piste") so nothing is lost, and `moveAction` can put it back under a piste.
 */

export const ACTION_PLAN_KIND = 'action-plan';

export const PISTE_TITLE_MAX = 120;
export const PISTE_DESCRIPTION_MAX = 1000;
export const ARGUMENT_MAX = 200;
export const MAX_ARGUMENTS = 30;
export const ACTION_TITLE_MAX = 160;
export const NOTES_MAX = 2000;
export const OWNER_NAME_MAX = 80;
export const MAX_PISTES = 30;
export const MAX_ACTIONS = 300;
export const FORMATION_TEXT_MAX = 160;
export const FORMATION_SHORT_MAX = 60;
export const FORMATION_LINK_MAX = 500;
export const MAX_FORMATIONS = 200;

export type Priority = 'principale' | 'alternative';
export const priorities: readonly { id: Priority; label: string }[] = [
	{ id: 'principale', label: 'Piste principale' },
	{ id: 'alternative', label: 'Piste alternative' }
];
export const priorityIds = priorities.map((p) => p.id);

export type ActionCategory =
	| 'formation'
	| 'financement'
	| 'cv'
	| 'reseau'
	| 'enquete-metier'
	| 'candidature'
	| 'vae'
	| 'creation-entreprise'
	| 'autre';
export const actionCategories: readonly { id: ActionCategory; label: string }[] = [
	{ id: 'formation', label: 'Formation' },
	{ id: 'financement', label: 'Financement' },
	{ id: 'cv', label: 'CV' },
	{ id: 'reseau', label: 'Réseau' },
	{ id: 'enquete-metier', label: 'Enquête métier' },
	{ id: 'candidature', label: 'Candidature' },
	{ id: 'vae', label: 'VAE' },
	{ id: 'creation-entreprise', label: "Création d'entreprise" },
	{ id: 'autre', label: 'Autre' }
];
export const categoryIds = actionCategories.map((c) => c.id);

export type ActionStatus = 'a-faire' | 'en-cours' | 'fait';
export const actionStatuses: readonly { id: ActionStatus; label: string }[] = [
	{ id: 'a-faire', label: 'À faire' },
	{ id: 'en-cours', label: 'En cours' },
	{ id: 'fait', label: 'Fait' }
];
export const statusIds = actionStatuses.map((s) => s.id);

/**
 * Who carries an action: the beneficiary, the consultant, or someone named (the name is typed
 * live, so it reads '' while someone retypes it).
 */
export type Owner =
	{ kind: 'beneficiaire' } | { kind: 'consultant' } | { kind: 'autre'; name: string };
export const ownerKinds = ['beneficiaire', 'consultant', 'autre'] as const;

export type ArgumentSide = 'pros' | 'cons';
export const argumentSides: readonly ArgumentSide[] = ['pros', 'cons'];

/** The ROME métier a piste aims at: its code (« J1506 ») and its label when it was chosen. */
export interface MetierLink {
	code: string;
	libelle: string;
}

export const METIER_LABEL_MAX = 200;
const CODE_ROME = /^[A-N]\d{4}$/;

export function isMetierLink(value: unknown): value is MetierLink {
	if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
	const { code, libelle, ...rest } = value as Record<string, unknown>;
	return (
		Object.keys(rest).length === 0 &&
		typeof code === 'string' &&
		CODE_ROME.test(code) &&
		typeof libelle === 'string' &&
		libelle.trim().length > 0 &&
		libelle.length <= METIER_LABEL_MAX
	);
}

export interface Piste {
	id: string;
	title: string;
	description: string;
	priority: Priority;
	pros: string[];
	cons: string[];
	metier: MetierLink | null;
}

export interface Action {
	id: string;
	/** The piste it belongs to, or null for an orphan (its piste was deleted concurrently). */
	pisteId: string | null;
	title: string;
	category: ActionCategory;
	/** 'YYYY-MM-DD' or null. */
	due: string | null;
	owner: Owner;
	status: ActionStatus;
	notes: string;
	/** Due before `today` and not done. */
	overdue: boolean;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whether `value` is a real calendar date 'YYYY-MM-DD' between 1900 and 2100. */
export function isDate(value: unknown): value is string {
	if (typeof value !== 'string') return false;
	const match = DATE.exec(value);
	if (!match) return false;
	const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
	if (year < 1900 || year > 2100) return false;
	const date = new Date(Date.UTC(year, month - 1, day));
	return date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** Today's date 'YYYY-MM-DD' in the local time zone of `now`'s runtime. */
export function todayIso(now: Date = new Date()): string {
	const pad = (n: number) => String(n).padStart(2, '0');
	return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** Whether `value` is an absolute http(s) address (a formation's link: nothing else is opened). */
export function isHttpLink(value: unknown): value is string {
	if (typeof value !== 'string' || value.length > FORMATION_LINK_MAX) return false;
	try {
		const url = new URL(value);
		return url.protocol === 'https:' || url.protocol === 'http:';
	} catch {
		return false;
	}
}

const argumentList = s.array(s.string(ARGUMENT_MAX, { min: 1 }));

export const actionPlanSchema = s.docSchema({
	pistes: s.mapOf(
		s.map({
			title: s.text(PISTE_TITLE_MAX),
			priority: s.oneOf(priorityIds),
			description: s.text(PISTE_DESCRIPTION_MAX),
			order: s.orderKey,
			pros: argumentList,
			cons: argumentList,
			metier: s.nullable(s.value(isMetierLink))
		})
	),
	actions: s.mapOf(
		s.map({
			pisteId: s.id,
			title: s.text(ACTION_TITLE_MAX),
			category: s.oneOf(categoryIds),
			due: s.nullable(s.value(isDate)),
			ownerKind: s.oneOf(ownerKinds),
			ownerName: s.text(OWNER_NAME_MAX),
			status: s.oneOf(statusIds),
			notes: s.text(NOTES_MAX),
			order: s.orderKey
		})
	),
	formations: s.mapOf(
		s.map({
			pisteId: s.id,
			title: s.text(FORMATION_TEXT_MAX),
			organisme: s.text(FORMATION_TEXT_MAX),
			duration: s.text(FORMATION_SHORT_MAX),
			cost: s.text(FORMATION_SHORT_MAX),
			cpf: s.boolean,
			link: s.string(FORMATION_LINK_MAX, { test: (link) => link === '' || isHttpLink(link) }),
			checkedOn: s.nullable(s.value(isDate)),
			order: s.orderKey
		})
	)
});

export function pistesRoot(doc: Y.Doc): Y.Map<unknown> {
	return doc.getMap<unknown>('pistes');
}

export function actionsRoot(doc: Y.Doc): Y.Map<unknown> {
	return doc.getMap<unknown>('actions');
}

export function formationsRoot(doc: Y.Doc): Y.Map<unknown> {
	return doc.getMap<unknown>('formations');
}

// ----------------------------------------------------------------------------- free text

/** A piste's title, typed into live (`SharedTextField`). */
export function pisteTitleField(pisteId: string): TextField {
	return itemTextField('pistes', pisteId, 'title', PISTE_TITLE_MAX);
}

/** A piste's description, typed into live. */
export function pisteDescriptionField(pisteId: string): TextField {
	return itemTextField('pistes', pisteId, 'description', PISTE_DESCRIPTION_MAX);
}

/** An action's title, typed into live. */
export function actionTitleField(actionId: string): TextField {
	return itemTextField('actions', actionId, 'title', ACTION_TITLE_MAX);
}

/** An action's notes, typed into live. */
export function actionNotesField(actionId: string): TextField {
	return itemTextField('actions', actionId, 'notes', NOTES_MAX);
}

/** The name of an action's owner when it is someone else ("Une autre personne"), typed live. */
export function actionOwnerNameField(actionId: string): TextField {
	return itemTextField('actions', actionId, 'ownerName', OWNER_NAME_MAX);
}
