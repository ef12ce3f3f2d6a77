import { error, fail, redirect } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { requireUser, rethrowAsHttp } from '$lib/server/bilans.http';
import { ValidationError } from '$lib/server/bilans.validation';
import { accessToBoard, findBoardWithBilan } from '$lib/server/boards.service';
import { getDb } from '$lib/server/db';
import { getSnapshot, restoreSnapshot } from '$lib/server/snapshots.service';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const user = requireUser(locals.user, url);
	const db = getDb();
	let snapshot;
	try {
		snapshot = await getSnapshot(db, user, params.snapshotId);
	} catch (cause) {
		rethrowAsHttp(cause, m.snapshot_not_found());
	}
	// A deleted board's snapshots stay in the record, read-only.
	const found = await findBoardWithBilan(db, snapshot.boardId, { deleted: true });
	// The address must name the snapshot's own board and bilan: ids reveal nothing.
	if (
		!found ||
		found.board.id !== params.boardId.toLowerCase() ||
		found.bilan.id !== params.id.toLowerCase()
	) {
		error(404, m.snapshot_not_found());
	}
	return {
		board: {
			id: found.board.id,
			kind: found.board.kind,
			title: found.board.title,
			deleted: found.board.deletedAt !== null
		},
		bilanId: found.bilan.id,
		snapshot: {
			id: snapshot.id,
			label: snapshot.label,
			phase: snapshot.phase,
			trigger: snapshot.trigger,
			createdAt: snapshot.createdAt,
			createdByName: snapshot.createdByName,
			kind: snapshot.kind
		},
		state: snapshot.state,
		canRestore: accessToBoard(user, found) === 'edit',
		viewer: { id: user.id, name: user.name, role: user.role }
	};
};

export const actions: Actions = {
	/**
	 * Restores the board from this snapshot (a new change; the board is snapshotted first). A
	 * snapshot holding what the board's schema refuses is not restored (422, said on the page).
	 */
	restore: async ({ locals, params, url }) => {
		const user = requireUser(locals.user, url);
		try {
			await restoreSnapshot(getDb(), user, params.snapshotId);
		} catch (cause) {
			if (cause instanceof ValidationError) return fail(422, { restoreRefused: true });
			rethrowAsHttp(cause, m.snapshot_not_found());
		}
		redirect(303, `/bilans/${params.id}/tableaux/${params.boardId}?restaure=1`);
	}
};
