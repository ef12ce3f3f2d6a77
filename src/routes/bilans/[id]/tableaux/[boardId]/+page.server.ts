import { error, fail, redirect } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { syntheseKind } from '$lib/boards/synthese/model';
import { formValues, requireUser, rethrowAsHttp } from '$lib/server/bilans.http';
import { ValidationError } from '$lib/server/bilans.validation';
import { accessToBoard, findBoardWithBilan, readRelated } from '$lib/server/boards.service';
import { addComment, listBoardComments, setThreadResolved } from '$lib/server/comments.service';
import { getDb } from '$lib/server/db';
import { openEnquete } from '$lib/server/enquetes.service';
import { bilanLocks } from '$lib/server/locks.service';
import { openBoardNews } from '$lib/server/news.service';
import { findBoardKind } from '$lib/boards/registry';
import { takeSnapshot } from '$lib/server/snapshots.service';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const user = requireUser(locals.user, url);
	const db = getDb();
	const found = await findBoardWithBilan(db, params.boardId);
	// Unknown, in another bilan, or not one's own: the same 404, so ids reveal nothing.
	if (!found || found.bilan.id !== params.id.toLowerCase()) error(404, m.board_not_found());
	const access = accessToBoard(user, found);
	if (access === 'none') error(404, m.board_not_found());
	// The synthèse has its own page (proposals, validation); its board is never edited from here.
	if (found.board.kind === syntheseKind.kind) redirect(303, `/bilans/${found.bilan.id}/synthese`);
	const kind = findBoardKind(found.board.kind);
	return {
		board: { id: found.board.id, kind: found.board.kind, title: found.board.title },
		bilanId: found.bilan.id,
		access,
		// In force while no séance is live (the séance's own locks replace them during one).
		locks: await bilanLocks(db, user, found.bilan.id),
		viewer: { id: user.id, name: user.name, role: user.role },
		restored: url.searchParams.has('restaure'),
		// What the others changed since this person's last visit (this visit then replaces it).
		news: await openBoardNews(db, user, found, kind),
		// The bilan's other boards its view shows beside it, as they are now (same people).
		related: await readRelated(db, found.bilan.id, found.board.id, kind),
		comments: await listBoardComments(db, user, found.board.id)
	};
};

/**
 * A comment form that failed: which one (`thread`: a reply's thread, null the new comment), its
 * message and what was typed, so that it shows again where it was written.
 */
function commentFailure(cause: unknown, thread: string | null, body: string) {
	if (cause instanceof ValidationError) {
		return fail(400, { comment: { thread, error: cause.message, body } });
	}
	rethrowAsHttp(cause, m.board_not_found());
}

export const actions: Actions = {
	/** "Enregistrer dans le dossier". */
	snapshot: async ({ locals, params, request, url }) => {
		const user = requireUser(locals.user, url);
		const label = (await request.formData()).get('label');
		try {
			const snapshot = await takeSnapshot(getDb(), user, params.boardId, { label });
			return { saved: snapshot.label };
		} catch (cause) {
			if (cause instanceof ValidationError) return fail(400, { error: cause.message });
			rethrowAsHttp(cause, m.board_not_found());
		}
	},

	/** A comment on the board or on one of its items (a question for the next rendez-vous, or not). */
	comment: async ({ locals, params, request, url }) => {
		const user = requireUser(locals.user, url);
		const values = formValues(await request.formData(), [
			'body',
			'itemKey',
			'itemLabel',
			'question'
		]);
		try {
			const posted = await addComment(getDb(), user, params.boardId, values);
			return { posted: posted.id };
		} catch (cause) {
			return commentFailure(cause, null, values.body!);
		}
	},

	/** « Préparer l’enquête métier » on a piste of the action plan: opens its enquête, made if new. */
	enquete: async ({ locals, params, request, url }) => {
		const user = requireUser(locals.user, url);
		const pisteId = (await request.formData()).get('pisteId');
		let enqueteId: string;
		try {
			enqueteId = await openEnquete(getDb(), user, params.boardId, pisteId);
		} catch (cause) {
			rethrowAsHttp(cause);
		}
		redirect(303, `/bilans/${params.id}/tableaux/${enqueteId}`);
	},

	/** A reply in a thread. */
	reply: async ({ locals, params, request, url }) => {
		const user = requireUser(locals.user, url);
		const values = formValues(await request.formData(), ['parentId', 'body']);
		try {
			const posted = await addComment(getDb(), user, params.boardId, values);
			return { posted: posted.id };
		} catch (cause) {
			return commentFailure(cause, values.parentId!, values.body!);
		}
	},

	/** « Marquer comme résolu », or « Rouvrir » (`resolved` empty). */
	resolve: async ({ locals, params, request, url }) => {
		const user = requireUser(locals.user, url);
		const values = formValues(await request.formData(), ['threadId', 'resolved']);
		try {
			const resolved = values.resolved === 'true';
			await setThreadResolved(getDb(), user, params.boardId, values.threadId, resolved);
			return { resolved: values.threadId };
		} catch (cause) {
			return commentFailure(cause, values.threadId!, '');
		}
	}
};
