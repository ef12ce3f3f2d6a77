import { m } from '$lib/paraglide/messages';
import { phaseLabel } from '$lib/bilans/labels';
import { actionFailure, formValues, requireUser, rethrowAsHttp } from '$lib/server/bilans.http';
import {
	assignConsultant,
	bilanCandidates,
	getBilan,
	movePhase,
	updateBilan
} from '$lib/server/bilans.service';
import { carryableCopies, carryIntoBilan } from '$lib/server/cohort-exercises.service';
import { DomainError } from '$lib/server/errors';
import { getDb } from '$lib/server/db';
import {
	boardAccess,
	canAssignConsultant,
	canDeleteBoard,
	canManageBilan,
	canRenameBoard,
	canShareSynthese,
	canReadEmployerAgreementLetter,
	isClosedPhase
} from '$lib/server/permissions';
import { PHASES } from '$lib/bilans/values';
import { boardKinds, exerciseKinds } from '$lib/boards/registry';
import { BoardError, createBoard, listBoards, listDeletedBoards } from '$lib/server/boards.service';
import { deleteBoard, renameBoard } from '$lib/server/board-manage.service';
import { ValidationError } from '$lib/server/bilans.validation';
import { error, fail, redirect } from '@sveltejs/kit';
import { addRendezVous, listRendezVous } from '$lib/server/rendezvous.service';
import { boardsWithNews } from '$lib/server/news.service';
import { startSeance } from '$lib/server/seance.service';
import { listBilanSnapshots } from '$lib/server/snapshots.service';
import { bilanPreparation } from '$lib/server/preparation.service';
import { agreementStatus, warnBeforeFirstSeance } from '$lib/bilans/employer-agreement';
import { getConfig } from '$lib/server/config';
import { employerAgreementOf, saveEmployerAgreement } from '$lib/server/employer-agreement.service';
import { formFile, pdfMaxMegabytes } from '$lib/server/pdf-attachment';
import { testResultsOf } from '$lib/server/test-results.service';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const user = requireUser(locals.user, url);
	const db = getDb();
	try {
		const bilan = await getBilan(db, user, params.id);
		const canAssign = canAssignConsultant(user, bilan);
		const access = boardAccess(user, bilan);
		// Created on an editor's first visit, before the boards are listed: it is among them.
		const preparation = await bilanPreparation(db, user, bilan);
		// An admin learns nothing of the boards, not even that they exist (L6313-4).
		const boards = access === 'none' ? [] : await listBoards(db, user, bilan);
		const rendezVous = await listRendezVous(db, user, bilan.id);
		const agreement = await employerAgreementOf(db, user, bilan);
		const facts = { funding: bilan.funding, workingTime: bilan.workingTime, agreement };
		const seancesHeld = rendezVous.filter((item) => item.startedAt || item.endedAt).length;
		const tests = await testResultsOf(db, user, bilan);
		const withNews = await boardsWithNews(
			db,
			user,
			boards.map((board) => board.id)
		);
		return {
			boardAccess: access,
			preparation,
			boards,
			boardsWithNews: [...withNews],
			deletedBoards: await listDeletedBoards(db, user, bilan),
			canRenameBoards: canRenameBoard(user, bilan),
			canDeleteBoards: canDeleteBoard(user, bilan),
			snapshots: await listBilanSnapshots(db, user, bilan),
			boardKinds: access === 'edit' ? exerciseKinds.map((kind) => kind.kind) : [],
			bilan,
			rendezVous,
			canManage: canManageBilan(user, bilan),
			agreement,
			agreementStatus: agreementStatus(facts),
			canReadAgreementLetter: canReadEmployerAgreementLetter(user, bilan),
			pdfMaxMegabytes: pdfMaxMegabytes(getConfig().assets.maxBytes),
			agreementWarning: canManageBilan(user, bilan) && warnBeforeFirstSeance(facts, seancesHeld),
			// Content for the beneficiary and their consultant, a count and a date for an admin.
			tests: tests.visible
				? { count: tests.results.length, lastRecordedAt: null }
				: { count: tests.count, lastRecordedAt: tests.lastRecordedAt },
			// movePhase never crosses the close (R6313-7): offer only the phases on this side of it.
			phaseChoices: PHASES.filter((phase) => isClosedPhase(phase) === isClosedPhase(bilan.phase)),
			// « Reprendre mes exercices de la cohorte »: the beneficiary's own copies, for them only.
			cohortCopies: await carryableCopies(db, user, bilan),
			canShare: canShareSynthese(user, bilan),
			canAssign,
			consultants: canAssign ? (await bilanCandidates(db, user)).consultants : [],
			created: url.searchParams.has('cree')
		};
	} catch (cause) {
		rethrowAsHttp(cause, m.bilan_not_found());
	}
};

const EDIT_FIELDS = [
	'funding',
	'format',
	'startDate',
	'endDate',
	'plannedHours',
	'workingTime'
] as const;
const RDV_FIELDS = [
	'startsAt',
	'durationMinutes',
	'mode',
	'phase',
	'visioUrl',
	'agendaPoints'
] as const;

export const actions: Actions = {
	carryCopy: async ({ locals, params, request, url }) => {
		const user = requireUser(locals.user, url);
		const { boardId, title } = formValues(await request.formData(), ['boardId', 'title']);
		try {
			await carryIntoBilan(getDb(), user, boardId!, params.id);
			return { form: 'carryCopy', carried: title };
		} catch (cause) {
			if (cause instanceof DomainError) {
				return fail(cause.status, { form: 'carryCopy', carryError: cause.message });
			}
			throw cause;
		}
	},

	update: async ({ locals, params, request, url }) => {
		const user = requireUser(locals.user, url);
		const values = formValues(await request.formData(), EDIT_FIELDS);
		try {
			await updateBilan(getDb(), user, params.id, values);
		} catch (cause) {
			return actionFailure(cause, 'update', values);
		}
		return { form: 'update', success: m.bilan_edit_saved() };
	},

	phase: async ({ locals, params, request, url }) => {
		const user = requireUser(locals.user, url);
		const values = formValues(await request.formData(), ['phase']);
		try {
			const bilan = await movePhase(getDb(), user, params.id, values.phase);
			return { form: 'phase', success: m.bilan_phase_moved({ phase: phaseLabel(bilan.phase) }) };
		} catch (cause) {
			return actionFailure(cause, 'phase', values);
		}
	},

	assign: async ({ locals, params, request, url }) => {
		const user = requireUser(locals.user, url);
		const values = formValues(await request.formData(), ['consultantId']);
		const db = getDb();
		try {
			const bilan = await assignConsultant(db, user, params.id, values.consultantId);
			const { consultantName } = await getBilan(db, user, bilan.id);
			return { form: 'assign', success: m.bilan_assign_done({ name: consultantName ?? '' }) };
		} catch (cause) {
			return actionFailure(cause, 'assign', values);
		}
	},

	board: async ({ locals, params, request, url }) => {
		const user = requireUser(locals.user, url);
		const values = formValues(await request.formData(), ['kind', 'title']);
		let boardId: string;
		try {
			const board = await createBoard(getDb(), user, params.id, values, boardKinds);
			boardId = board.id;
		} catch (cause) {
			if (cause instanceof BoardError && cause.reason !== 'not_found') {
				const field = cause.reason === 'invalid_title' ? 'title' : 'kind';
				return fail(cause.status, { form: 'board', values, errors: { [field]: cause.message } });
			}
			if (cause instanceof BoardError) error(404, m.bilan_not_found());
			throw cause;
		}
		redirect(303, `/bilans/${params.id}/tableaux/${boardId}`);
	},

	renameBoard: async ({ locals, params, request, url }) => {
		const user = requireUser(locals.user, url);
		const values = formValues(await request.formData(), ['boardId', 'title']);
		try {
			const board = await renameBoard(getDb(), user, params.id, values.boardId ?? '', values);
			return { form: 'manageBoard', success: m.board_renamed({ title: board.title }) };
		} catch (cause) {
			return boardFailure(cause, values, 'title');
		}
	},

	deleteBoard: async ({ locals, params, request, url }) => {
		const user = requireUser(locals.user, url);
		const data = await request.formData();
		const values = formValues(data, ['boardId']);
		try {
			const board = await deleteBoard(getDb(), user, params.id, values.boardId ?? '', {
				confirm: data.get('confirm')
			});
			return { form: 'manageBoard', success: m.board_deleted({ title: board.title }) };
		} catch (cause) {
			return boardFailure(cause, values, 'confirm');
		}
	},

	rendezvous: async ({ locals, params, request, url }) => {
		const user = requireUser(locals.user, url);
		const data = await request.formData();
		const values = formValues(data, RDV_FIELDS);
		const agendaBoards = data.getAll('agendaBoards').map(String);
		try {
			await addRendezVous(getDb(), user, params.id, { ...values, agendaBoards });
		} catch (cause) {
			// Board ids are uuids: a comma keeps the ticked ones in one echoed value.
			return actionFailure(cause, 'rendezvous', {
				...values,
				agendaBoards: agendaBoards.join(',')
			});
		}
		return { form: 'rendezvous', success: m.bilan_rdv_added() };
	},

	/** The employer's agreement (CPF during working time): its dates and its letter. */
	agreement: async ({ locals, params, request, url }) => {
		const user = requireUser(locals.user, url);
		const data = await request.formData();
		const values = formValues(data, ['requestedOn', 'grantedOn']);
		try {
			const attachment = await formFile(data.get('attachment'));
			const input = { ...values, removeAttachment: data.get('removeAttachment') ?? undefined };
			const maxBytes = getConfig().assets.maxBytes;
			await saveEmployerAgreement(getDb(), user, params.id, input, attachment, maxBytes);
		} catch (cause) {
			return actionFailure(cause, 'agreement', values);
		}
		return { form: 'agreement', success: m.agreement_saved() };
	},

	/** "Démarrer la séance" (a planned rendez-vous) or "Démarrer une séance maintenant". */
	seance: async ({ locals, params, request, url }) => {
		const user = requireUser(locals.user, url);
		const values = formValues(await request.formData(), ['rendezVousId', 'mode']);
		try {
			const started = await startSeance(
				getDb(),
				user,
				params.id,
				values.rendezVousId ? { rendezVousId: values.rendezVousId } : { mode: values.mode }
			);
			return { form: 'seance', started: started.id, success: m.seance_started() };
		} catch (cause) {
			return actionFailure(cause, 'seance', values);
		}
	}
};

/** A refused rename or delete, said next to that board's form; an unknown board is a 404. */
function boardFailure(cause: unknown, values: Record<string, string>, field: string) {
	const form = `manageBoard:${values.boardId}`;
	if (cause instanceof ValidationError) {
		return fail(400, { form, values, errors: { ...cause.fields } as Record<string, string> });
	}
	if (cause instanceof BoardError && cause.reason !== 'not_found') {
		return fail(cause.status, { form, values, errors: { [field]: cause.message } });
	}
	if (cause instanceof BoardError) error(404, m.board_not_found());
	throw cause;
}
