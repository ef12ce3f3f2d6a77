import {
	canManageRetention,
	canViewQuestionnaireStats,
	canViewTeam
} from '$lib/server/permissions';
import type { LayoutServerLoad } from './$types';

/** The signed-in person as every page may show it (no email, no organisation id). */
export const load: LayoutServerLoad = ({ locals }) => {
	const user = locals.user;
	return {
		user: user ? { id: user.id, name: user.name, role: user.role } : null,
		nav: {
			// The métiers explorer is for working on a bilan: admins never open its boards.
			metiers: user ? user.role !== 'admin' : false,
			team: user ? canViewTeam(user) : false,
			retention: user ? canManageRetention(user, user.organisationId) : false,
			quality: user ? canViewQuestionnaireStats(user, user.organisationId) : false
		}
	};
};
