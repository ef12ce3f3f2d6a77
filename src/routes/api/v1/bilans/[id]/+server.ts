import { apiHandler, bilanJson, rendezVousJson } from '$lib/server/api.http';
import { agreementStatus } from '$lib/bilans/employer-agreement';
import { getBilan } from '$lib/server/bilans.service';
import { listBoards } from '$lib/server/boards.service';
import { employerAgreementOf } from '$lib/server/employer-agreement.service';
import { boardAccess, canReadEmployerAgreementLetter } from '$lib/server/permissions';
import { getDb } from '$lib/server/db';
import { listRendezVous } from '$lib/server/rendezvous.service';
import { testResultsOf, type TestResultsView } from '$lib/server/test-results.service';
import type { RequestHandler } from './$types';

/** Test results for their readers; an admin gets how many and when the last was recorded. */
function testResultsJson(bilanId: string, view: TestResultsView) {
	if (!view.visible) {
		return { count: view.count, lastRecordedAt: view.lastRecordedAt?.toISOString() ?? null };
	}
	return view.results.map((item) => ({
		id: item.id,
		name: item.name,
		takenOn: item.takenOn,
		result: item.result,
		pdf: item.attachmentSize ? `/bilans/${bilanId}/resultats-tests/${item.id}/pdf` : null,
		createdAt: item.createdAt.toISOString()
	}));
}

export const GET: RequestHandler = apiHandler(async (user, { params }) => {
	const db = getDb();
	const bilan = await getBilan(db, user, params.id);
	const rendezVous = await listRendezVous(db, user, bilan.id);
	const agreement = await employerAgreementOf(db, user, bilan);
	const json = {
		...bilanJson(bilan),
		rendezVous: rendezVous.map(rendezVousJson),
		// Funding metadata: whoever sees the bilan sees it, an admin too; the letter itself only
		// the beneficiary and their consultant.
		employerAgreement: {
			status: agreementStatus({
				funding: bilan.funding,
				workingTime: bilan.workingTime,
				agreement
			}),
			requestedOn: agreement?.requestedOn ?? null,
			grantedOn: agreement?.grantedOn ?? null,
			letterAttached: !!agreement?.attachmentSize,
			letter:
				agreement?.attachmentSize && canReadEmployerAgreementLetter(user, bilan)
					? `/bilans/${bilan.id}/accord-employeur/pdf`
					: null
		},
		testResults: testResultsJson(bilan.id, await testResultsOf(db, user, bilan))
	};
	// Boards (id, kind, title, last activity) only for those who may open them: an admin gets
	// the metadata alone, not even a hint that boards exist.
	if (boardAccess(user, bilan) === 'none') return { bilan: json };
	const boards = await listBoards(db, user, bilan);
	return {
		bilan: { ...json, boards: boards.map((board) => ({ ...board, syncPath: `/yjs/${board.id}` })) }
	};
});
