import { json, type RequestEvent } from '@sveltejs/kit';
import type { AttendanceSheet, SignatureView } from './attendance.service.ts';
import type { SessionUser } from './auth/session.ts';
import type { BilanSummary } from './bilans.service.ts';
import { hoursStatus } from '../bilans/values.ts';
import { BadRequestError, DomainError } from './errors.ts';
import { logError } from './log.ts';
import type { SnapshotInfo } from './snapshots.service.ts';
import type { RendezVous } from './rendezvous.service.ts';

/**
 * The JSON API v1: the same session cookie and the same permissions as the pages. Every error is
 * `{ "error": "<French message>" }` with its status; a bilan the caller may not see is a 404 like
 * one that does not exist.
 */
const NO_STORE = { 'cache-control': 'no-store' };

export function apiError(status: number, message: string, extra: Record<string, unknown> = {}) {
	return json({ error: message, ...extra }, { status, headers: NO_STORE });
}

const UNAUTHENTICATED = 'Vous devez être connecté·e.';

/**
 * Wraps every API handler: 401 without a session, domain failures (`DomainError`: they carry
 * their status) as `{ error }` bodies, never stored by caches. What it returns is sent as JSON
 * (200), unless it is a Response already (a 201 after a creation, an image).
 */
export function apiHandler<E extends RequestEvent>(
	handle: (user: SessionUser, event: E) => Promise<unknown>
): (event: E) => Promise<Response> {
	return async (event) => {
		const user = event.locals.user;
		if (!user) return apiError(401, UNAUTHENTICATED);
		try {
			const result = await handle(user, event);
			return result instanceof Response ? result : json(result, { headers: NO_STORE });
		} catch (cause) {
			if (cause instanceof DomainError) {
				return apiError(cause.status, cause.message, cause.details);
			}
			logError('api error', {
				path: event.url.pathname,
				userId: user.id,
				error: String((cause as Error)?.stack ?? cause)
			});
			return apiError(500, 'Une erreur interne s’est produite. Réessayez plus tard.');
		}
	};
}

/** The request's JSON body as an object (`{}` when empty), or a 400 when it is not JSON. */
export async function readJsonObject(request: Request): Promise<Record<string, unknown>> {
	const text = await request.text();
	if (text.trim() === '') return {};
	let body: unknown;
	try {
		body = JSON.parse(text);
	} catch {
		throw new BadRequestError('Le corps de la requête doit être du JSON.');
	}
	return (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
}

/*
 * Explicit shapes rather than database rows: a column added later (say, board content) never
 * reaches the API by accident. Admins see exactly this metadata too.
 */

export function bilanJson(bilan: BilanSummary) {
	return {
		id: bilan.id,
		organisationId: bilan.organisationId,
		beneficiary: { id: bilan.beneficiaryId, name: bilan.beneficiaryName },
		consultant:
			bilan.consultantId && bilan.consultantName
				? { id: bilan.consultantId, name: bilan.consultantName }
				: null,
		phase: bilan.phase,
		funding: bilan.funding,
		format: bilan.format,
		startDate: bilan.startDate,
		endDate: bilan.endDate,
		workingTime: bilan.workingTime,
		hours: {
			plannedMinutes: bilan.plannedMinutes,
			usedMinutes: bilan.usedMinutes,
			status: hoursStatus(bilan.usedMinutes, bilan.plannedMinutes)
		},
		nextRendezVousAt: bilan.nextRendezVousAt?.toISOString() ?? null,
		createdAt: bilan.createdAt.toISOString(),
		updatedAt: bilan.updatedAt.toISOString()
	};
}

export function rendezVousJson(item: RendezVous) {
	return {
		id: item.id,
		startsAt: item.startsAt.toISOString(),
		durationMinutes: item.durationMinutes,
		mode: item.mode,
		phase: item.phase,
		endedAt: item.endedAt?.toISOString() ?? null
	};
}

function signatureJson(signature: SignatureView | null) {
	return signature ? { name: signature.name, signedAt: signature.signedAt.toISOString() } : null;
}

/** The attendance sheet: times, mode, phase and signatures per half-day, and the hours. */
export function attendanceJson(sheet: AttendanceSheet) {
	return {
		bilanId: sheet.bilan.id,
		hours: sheet.hours,
		signAs: sheet.signAs,
		rendezVous: sheet.rendezVous.map((item) => ({
			...rendezVousJson(item.rendezVous),
			endsAt: item.endsAt.toISOString(),
			halfDays: item.halfDays.map((slot) => ({
				day: slot.day,
				halfDay: slot.halfDay,
				start: slot.start.toISOString(),
				end: slot.end.toISOString(),
				minutes: slot.minutes,
				open: slot.open,
				consultant: signatureJson(slot.consultant),
				beneficiary: signatureJson(slot.beneficiary)
			}))
		}))
	};
}

/** A snapshot as the API shows it: metadata, and the summary (and state) only when asked. */
export function snapshotJson(snapshot: SnapshotInfo) {
	return {
		id: snapshot.id,
		boardId: snapshot.boardId,
		bilanId: snapshot.bilanId,
		kind: snapshot.kind,
		label: snapshot.label,
		phase: snapshot.phase,
		trigger: snapshot.trigger,
		seq: snapshot.seq,
		createdBy: snapshot.createdBy
			? { id: snapshot.createdBy, name: snapshot.createdByName ?? '' }
			: null,
		createdAt: snapshot.createdAt.toISOString()
	};
}
