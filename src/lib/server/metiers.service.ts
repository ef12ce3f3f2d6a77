import * as Y from 'yjs';
import {
	addPiste,
	ACTION_PLAN_KIND,
	actionPlanKind,
	PISTE_TITLE_MAX
} from '../boards/action-plan/model.ts';
import { BoardInputError } from '../boards/model-kit.ts';
import { getBilan } from './bilans.service.ts';
import { boardWriterFor } from './board-writer.ts';
import { listBoards, type BoardSummary } from './boards.service.ts';
import { createBoardStorage } from './db/board-storage.ts';
import type { Db } from './db/index.ts';
import { DomainError } from './errors.ts';
import { writeUnlessLocked } from './locks.service.ts';
import { KeyedRateLimit } from './rate-limit.ts';
import { boardAccess, PermissionError, type Actor } from './permissions.ts';
import {
	CODE_ROME,
	getRome,
	type FicheMetier,
	type MetierMatch,
	type MetierSuggestion
} from './rome/catalogue.ts';
import { QUERY_MAX } from './rome/search.ts';
import { boardFor } from './snapshots.service.ts';

/**
 * The ROME 4.0 for the people of a bilan: search, fiches, suggestions from centres d'intérêt,
 * and a métier added as a piste of an action plan. The reference data is public (Licence
 * Ouverte): any signed-in person may read it; adding a piste needs edit access to the plan.
 */

export class MetierError extends DomainError {
	readonly reason: 'bad_request' | 'not_found' | 'full' | 'too_fast';
	constructor(reason: MetierError['reason'], message: string) {
		super({ bad_request: 400, not_found: 404, full: 409, too_fast: 429 }[reason], message);
		this.reason = reason;
	}
}

/** The API's requests per person: 60 at once, then 4 a second (a search typed, suggestions). */
export const METIER_REQUESTS_BURST = 60;
const metierRequests = new KeyedRateLimit({ burst: METIER_REQUESTS_BURST, everyMs: 250 });

/** Counts one request of the métiers API by `actor`; a 429 past the limit. */
export function takeMetierRequest(actor: Actor): void {
	if (!metierRequests.take(actor.id)) {
		throw new MetierError(
			'too_fast',
			'Trop de recherches de métiers en peu de temps : patientez quelques secondes, puis réessayez.'
		);
	}
}

/** At most this many answers to a search or a suggestion. */
export const RESULTS_MAX = 50;
/** At most this many centres d'intérêt in one suggestion request (there are 30). */
const CENTRES_MAX = 30;

/** The attribution the licence asks for, shown with the data. */
export function romeSource(): string {
	return getRome().attribution;
}

function limitOf(raw: string | null, fallback: number): number {
	if (raw === null) return fallback;
	const limit = Number(raw);
	if (!Number.isInteger(limit) || limit < 1 || limit > RESULTS_MAX) {
		throw new MetierError('bad_request', `Le nombre de résultats va de 1 à ${RESULTS_MAX}.`);
	}
	return limit;
}

/** Métiers for the words `q`, best first (a 400 for a query longer than `QUERY_MAX`). */
export function searchMetiers(q: string, limit: string | null = null): MetierMatch[] {
	if (q.length > QUERY_MAX) {
		throw new MetierError('bad_request', `La recherche tient en ${QUERY_MAX} caractères au plus.`);
	}
	return getRome().search(q, limitOf(limit, 20));
}

/**
 * Métiers for centres d'intérêt listed most attracting first (`"3,12,7"`): the first weighs as
 * many as there are, the last 1 (`RomeCatalogue.suggest`, the principal link counting double).
 */
export function suggestMetiers(centres: string, limit: string | null = null): MetierSuggestion[] {
	const codes = centres.split(',').filter(Boolean).map(Number);
	const known = new Set(getRome().centres.map((centre) => centre.code));
	if (codes.length > CENTRES_MAX || codes.some((code) => !known.has(code))) {
		throw new MetierError('bad_request', 'Ces centres d’intérêt ne sont pas ceux du ROME.');
	}
	const weights = new Map<number, number>();
	codes.forEach((code, i) => weights.set(code, weights.get(code) ?? codes.length - i));
	return getRome().suggest(weights, limitOf(limit, 12));
}

/** The fiche of a code ROME: 400 when it is not one (« J1506 »), 404 when unknown. */
export function ficheMetier(code: string): FicheMetier {
	if (!CODE_ROME.test(code)) {
		throw new MetierError('bad_request', 'Un code ROME est une lettre et quatre chiffres (J1506).');
	}
	const fiche = getRome().fiche(code);
	if (!fiche) throw new MetierError('not_found', `Le code ROME ${code} n’existe pas.`);
	return fiche;
}

/** The bilan one explores métiers for, and its action plans where one may add a piste. */
export interface ExplorationContext {
	bilanId: string;
	plans: Pick<BoardSummary, 'id' | 'title'>[];
}

/** The action plans of a bilan where the actor may add a piste; null without edit access. */
export async function explorationContext(
	db: Db,
	actor: Actor,
	bilanId: string
): Promise<ExplorationContext | null> {
	const bilan = await getBilan(db, actor, bilanId).catch((cause: unknown) => {
		if (cause instanceof PermissionError) return null;
		throw cause;
	});
	if (!bilan || boardAccess(actor, bilan) !== 'edit') return null;
	const boards = await listBoards(db, actor, bilan);
	const plans = boards.filter((board) => board.kind === ACTION_PLAN_KIND);
	return { bilanId: bilan.id, plans: plans.map(({ id, title }) => ({ id, title })) };
}

/**
 * Adds the métier `code` as a piste at the end of the action plan `boardId` (the actor editing
 * it), linked by its code ROME: through the sync server's durable path, so whoever has the plan
 * open sees it come; refused while the plan is locked (`writeUnlessLocked`). Returns the piste's
 * id.
 */
export async function addMetierAsPiste(
	db: Db,
	actor: Actor,
	boardId: string,
	code: string
): Promise<string> {
	const fiche = ficheMetier(code);
	const found = await boardFor(db, actor, boardId, 'edit');
	if (found.board.kind !== ACTION_PLAN_KIND) {
		throw new MetierError('bad_request', 'Une piste s’ajoute à un plan d’action.');
	}
	const current = await createBoardStorage(db).readState(found.board.id);
	const doc = new Y.Doc();
	try {
		Y.applyUpdate(doc, current.state);
		const before = Y.encodeStateVector(doc);
		const title = fiche.libelle.slice(0, PISTE_TITLE_MAX);
		let pisteId = '';
		try {
			const metier = { code: fiche.code, libelle: fiche.libelle };
			// Refused on a board locked during a séance, as the sync server refuses a client.
			await writeUnlessLocked(db, found.board.id, actionPlanKind, doc, () => {
				pisteId = addPiste(doc, { title, metier });
			});
		} catch (cause) {
			if (cause instanceof BoardInputError && cause.reason === 'limit_reached') {
				throw new MetierError('full', 'Ce plan d’action a déjà le nombre maximal de pistes.');
			}
			throw cause;
		}
		await boardWriterFor(db).apply(found.board.id, Y.encodeStateAsUpdate(doc, before), actor.id);
		return pisteId;
	} finally {
		doc.destroy();
	}
}
