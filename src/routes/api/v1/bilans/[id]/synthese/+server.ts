import { apiHandler } from '$lib/server/api.http';
import { getDb } from '$lib/server/db';
import { readLiveSynthese } from '$lib/server/synthese.service';
import type { RequestHandler } from './$types';

/**
 * `GET /api/v1/bilans/:id/synthese`: the live sections (as committed; null before the synthèse
 * is first opened), the sync path, and the validated versions with their PDF links. Content:
 * the beneficiary and their consultant only; anyone else, an admin included, gets a 404.
 */
export const GET: RequestHandler = apiHandler(async (user, { params }) => {
	const synthese = await readLiveSynthese(getDb(), user, params.id);
	const base = `/bilans/${params.id.toLowerCase()}/synthese/versions`;
	return {
		synthese: {
			access: synthese.access,
			board: synthese.board && { ...synthese.board, syncPath: `/yjs/${synthese.board.id}` },
			sections: synthese.sections,
			canValidate: synthese.canValidate,
			versions: synthese.versions.map((v) => ({
				version: v.version,
				validatedAt: v.validatedAt.toISOString(),
				validatedByName: v.validatedByName,
				pdfPath: `${base}/${v.version}/pdf`
			}))
		}
	};
});
