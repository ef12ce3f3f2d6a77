import { and, asc, eq, inArray, or } from 'drizzle-orm';
import { bilanArchiveFiles, slug, two, zipFiles, type ArchiveFiles } from './archive.service.ts';
import { recordAudit } from './audit.ts';
import { recheckConnections } from './board-writer.ts';
import { isUuid } from './bilans.validation.ts';
import { ownCopiesFiles } from './cohort-end.service.ts';
import type { Db } from './db/index.ts';
import {
	attendanceSignatures,
	auditEvents,
	bilanClosures,
	bilans,
	boards,
	cohortMembers,
	cohorts,
	cohortSeances,
	invitations,
	loginDevices,
	organisations,
	questionnaireResponses,
	rendezVous,
	sessions,
	users,
	type Cohort,
	type CohortMember
} from './db/schema.ts';
import {
	canManageRetention,
	canRequestErasure,
	PermissionError,
	type Actor
} from './permissions.ts';
import { dropAgreementLetter } from './employer-agreement.service.ts';
import { destroyBilanContent, destroyBoards, evictBoards } from './retention.service.ts';
import { eraseWallPosts } from './wall.service.ts';

/**
 * GDPR for beneficiaries: the export of everything Atelier holds about them (portability), and
 * erasure, asked by the person and carried out by an admin of their organisation. Erasure
 * destroys the content of their bilans and their cohort work at once and anonymises the account;
 * the funders' proofs (bilan dates and hours, rendez-vous, signed attendance, of bilans and of
 * cohorts' group séances) stay under the anonymised name, as the law requires them to be kept
 * (GDPR art. 17(3)(b)).
 */

export const ERASED_NAME = 'Personne effacée';

const encoder = new TextEncoder();
const json = (value: unknown) => encoder.encode(`${JSON.stringify(value, null, 2)}\n`);

function beneficiaryOnly(actor: Actor): void {
	if (!canRequestErasure(actor)) {
		throw new PermissionError('forbidden', 'Cette démarche est réservée aux bénéficiaires.');
	}
}

/**
 * What a bilan's record holds besides its content: metadata, rendez-vous, signatures, answers.
 * The consultant's signatures say who signed and when, without their IP address or browser
 * (those are the consultant's data).
 */
async function bilanRecord(db: Db, userId: string, bilanId: string) {
	const [bilan] = await db.select().from(bilans).where(eq(bilans.id, bilanId));
	const meetings = await db
		.select()
		.from(rendezVous)
		.where(eq(rendezVous.bilanId, bilanId))
		.orderBy(asc(rendezVous.startsAt));
	const signatures = meetings.length
		? await db
				.select()
				.from(attendanceSignatures)
				.where(
					inArray(
						attendanceSignatures.rendezVousId,
						meetings.map((meeting) => meeting.id)
					)
				)
				.orderBy(asc(attendanceSignatures.signedAt))
		: [];
	const answers = await db
		.select()
		.from(questionnaireResponses)
		.where(eq(questionnaireResponses.bilanId, bilanId));
	const [closure] = await db.select().from(bilanClosures).where(eq(bilanClosures.bilanId, bilanId));
	return {
		bilan,
		rendezVous: meetings,
		signatures: signatures.map((s) =>
			s.signerId === userId ? s : { ...s, ip: null, userAgent: null }
		),
		questionnaires: answers,
		cloture: closure ?? null
	};
}

/**
 * What a cohort's record holds about one participant: the cohort as they know it, their
 * participation, its group séances and their own signatures (the others' are those people's).
 */
async function cohortRecord(db: Db, userId: string, cohort: Cohort, membership: CohortMember) {
	const [facilitator] = cohort.facilitatorId
		? await db.select({ name: users.name }).from(users).where(eq(users.id, cohort.facilitatorId))
		: [];
	const seances = await db
		.select({
			id: cohortSeances.id,
			startsAt: cohortSeances.startsAt,
			durationMinutes: cohortSeances.durationMinutes,
			mode: cohortSeances.mode,
			startedAt: cohortSeances.startedAt,
			endedAt: cohortSeances.endedAt
		})
		.from(cohortSeances)
		.where(eq(cohortSeances.cohortId, cohort.id))
		.orderBy(asc(cohortSeances.startsAt));
	const signatures = seances.length
		? await db
				.select()
				.from(attendanceSignatures)
				.where(
					and(
						eq(attendanceSignatures.signerId, userId),
						inArray(
							attendanceSignatures.cohortSeanceId,
							seances.map((seance) => seance.id)
						)
					)
				)
				.orderBy(asc(attendanceSignatures.signedAt))
		: [];
	return {
		cohorte: {
			id: cohort.id,
			name: cohort.name,
			facilitator: facilitator?.name ?? null,
			startDate: cohort.startDate,
			endedAt: cohort.endedAt,
			closedAt: cohort.closedAt
		},
		participation: {
			invitedAt: membership.invitedAt,
			joinedAt: membership.joinedAt,
			charterAcceptedAt: membership.charterAcceptedAt
		},
		seances,
		signatures
	};
}

/**
 * Everything about the signed-in beneficiary, as a ZIP: their account, each bilan's record and
 * full archive (the same as the bilan's download), each cohort's record and their private copies
 * still in it (the same as the copies' download), and the audit events about them (IP addresses
 * only of their own actions: others' are those people's data).
 */
export async function exportMyData(
	db: Db,
	actor: Actor,
	now: Date = new Date()
): Promise<Uint8Array<ArrayBuffer>> {
	beneficiaryOnly(actor);
	const [account] = await db
		.select({
			id: users.id,
			email: users.email,
			name: users.name,
			role: users.role,
			organisation: organisations.name,
			createdAt: users.createdAt,
			erasureRequestedAt: users.erasureRequestedAt
		})
		.from(users)
		.innerJoin(organisations, eq(organisations.id, users.organisationId))
		.where(eq(users.id, actor.id));
	const mine = await db
		.select()
		.from(bilans)
		.where(eq(bilans.beneficiaryId, actor.id))
		.orderBy(asc(bilans.startDate), asc(bilans.createdAt));
	const files: ArchiveFiles = { 'compte.json': json(account) };
	for (const [index, bilan] of mine.entries()) {
		const folder = `bilans/${String(index + 1).padStart(2, '0')}-${slug(bilan.startDate)}`;
		files[`${folder}/bilan.json`] = json(await bilanRecord(db, actor.id, bilan.id));
		const archive = await bilanArchiveFiles(db, actor, bilan, now);
		for (const [path, bytes] of Object.entries(archive.files)) {
			files[`${folder}/dossier/${path}`] = bytes;
		}
	}
	const memberships = await db
		.select({ cohort: cohorts, membership: cohortMembers })
		.from(cohortMembers)
		.innerJoin(cohorts, eq(cohorts.id, cohortMembers.cohortId))
		.where(eq(cohortMembers.userId, actor.id))
		.orderBy(asc(cohorts.startDate), asc(cohorts.createdAt));
	for (const [index, { cohort, membership }] of memberships.entries()) {
		const folder = `cohortes/${two(index + 1)}-${slug(cohort.name)}`;
		files[`${folder}/cohorte.json`] = json(await cohortRecord(db, actor.id, cohort, membership));
		const own = await ownCopiesFiles(db, actor, cohort, now);
		if (own.copies === 0) continue;
		for (const [path, bytes] of Object.entries(own.files)) {
			files[`${folder}/copies/${path}`] = bytes;
		}
	}
	const bilanIds = mine.map((bilan) => bilan.id);
	const events = await db
		.select()
		.from(auditEvents)
		.where(
			or(
				eq(auditEvents.actorId, actor.id),
				and(eq(auditEvents.targetType, 'user'), eq(auditEvents.targetId, actor.id)),
				bilanIds.length
					? and(eq(auditEvents.targetType, 'bilan'), inArray(auditEvents.targetId, bilanIds))
					: undefined
			)
		)
		.orderBy(asc(auditEvents.at), asc(auditEvents.id));
	files['journal.json'] = json(
		events.map((event) => ({ ...event, ip: event.actorId === actor.id ? event.ip : null }))
	);
	files['README.txt'] = encoder.encode(
		[
			`Vos données dans Atelier — ${account!.name}`,
			'',
			'- compte.json : votre compte ;',
			'- bilans/ : pour chaque bilan, bilan.json (dates, rendez-vous, signatures de présence,',
			'  questionnaires, clôture) et dossier/ (le dossier complet, avec son propre README.txt) ;',
			'- cohortes/ : pour chaque cohorte, cohorte.json (votre participation, les séances de groupe',
			'  et vos signatures de présence) et copies/ (vos exercices, avec leur propre README.txt) ;',
			'- journal.json : les actions enregistrées qui vous concernent.',
			''
		].join('\r\n')
	);
	await recordAudit(db, {
		organisationId: actor.organisationId,
		actorId: actor.id,
		action: 'gdpr.export',
		targetType: 'user',
		targetId: actor.id,
		detail: { bilans: mine.length, cohorts: memberships.length, files: Object.keys(files).length }
	});
	return zipFiles(files, now);
}

/** The beneficiary asks for erasure (kept as first asked if asked again). */
export async function requestErasure(db: Db, actor: Actor, now: Date = new Date()): Promise<Date> {
	beneficiaryOnly(actor);
	return db.transaction(async (tx) => {
		const [current] = await tx
			.select({ at: users.erasureRequestedAt })
			.from(users)
			.where(eq(users.id, actor.id));
		if (current?.at) return current.at;
		await tx.update(users).set({ erasureRequestedAt: now }).where(eq(users.id, actor.id));
		await recordAudit(tx, {
			organisationId: actor.organisationId,
			actorId: actor.id,
			action: 'gdpr.erasure_request',
			targetType: 'user',
			targetId: actor.id
		});
		return now;
	});
}

/** The beneficiary changes their mind before the erasure is carried out. */
export async function withdrawErasure(db: Db, actor: Actor): Promise<void> {
	beneficiaryOnly(actor);
	await db.transaction(async (tx) => {
		await tx.update(users).set({ erasureRequestedAt: null }).where(eq(users.id, actor.id));
		await recordAudit(tx, {
			organisationId: actor.organisationId,
			actorId: actor.id,
			action: 'gdpr.erasure_withdraw',
			targetType: 'user',
			targetId: actor.id
		});
	});
}

/** When the signed-in person asked for erasure, or null. */
export async function erasureRequestedAt(db: Db, actor: Actor): Promise<Date | null> {
	const [row] = await db
		.select({ at: users.erasureRequestedAt })
		.from(users)
		.where(eq(users.id, actor.id));
	return row?.at ?? null;
}

const REQUEST_NOT_FOUND = 'Cette demande d’effacement est introuvable, ou déjà traitée.';

/**
 * Carries out a pending erasure request (an admin of the person's organisation): every bilan's
 * content is destroyed now (its closure marks the date), so are their private copies in cohorts,
 * their posts on cohorts' walls (`eraseWallPosts`) and their cohort memberships; the signatures'
 * names (bilans' and cohorts' alike) become "Personne effacée" (rewritten rows: signatures are
 * otherwise immutable), the employer's agreement letter goes (its dates stay), and the account is
 * anonymised: name, a unique non-routable email, no password, no sessions (their open board
 * sockets closed at once), no known devices, no invitations, no IP addresses in the audit trail.
 * `boards` counts the bilan boards and the copies destroyed.
 */
export async function carryOutErasure(
	db: Db,
	actor: Actor,
	userId: string,
	now: Date = new Date()
): Promise<{ bilans: number; boards: number }> {
	const [person] = isUuid(userId)
		? await db.select().from(users).where(eq(users.id, userId.toLowerCase()))
		: [];
	if (!person?.erasureRequestedAt || !canManageRetention(actor, person.organisationId)) {
		throw new PermissionError('not_found', REQUEST_NOT_FOUND);
	}
	// Through the sync server's write path, so before the transaction: a retry finds nothing left.
	const walls = await eraseWallPosts(db, person.id);
	const result = await db.transaction(async (tx) => {
		const theirs = await tx.select().from(bilans).where(eq(bilans.beneficiaryId, person.id));
		const boardIds: string[] = [];
		for (const bilan of theirs) {
			boardIds.push(...(await destroyBilanContent(tx, bilan.id)).boardIds);
			await dropAgreementLetter(tx, bilan.id);
			// An open bilan gets a closure row too: it records when its content was destroyed.
			await tx
				.insert(bilanClosures)
				.values({
					bilanId: bilan.id,
					kept: { synthese: false, boardIds: [] },
					agreedAt: now,
					destroyedAt: now
				})
				.onConflictDoUpdate({ target: bilanClosures.bilanId, set: { destroyedAt: now } });
		}
		// Their copies in cohorts (those carried into a bilan went with it just above).
		const copies = await tx
			.select({ id: boards.id })
			.from(boards)
			.where(eq(boards.ownerId, person.id));
		await destroyBoards(
			tx,
			copies.map((copy) => copy.id)
		);
		boardIds.push(...copies.map((copy) => copy.id));
		// Proof of attendance is the signatures (kept below), which do not need the membership.
		const memberships = await tx
			.delete(cohortMembers)
			.where(eq(cohortMembers.userId, person.id))
			.returning({ cohortId: cohortMembers.cohortId });
		const signatures = await tx
			.delete(attendanceSignatures)
			.where(eq(attendanceSignatures.signerId, person.id))
			.returning();
		if (signatures.length) {
			await tx
				.insert(attendanceSignatures)
				.values(
					signatures.map((s) => ({ ...s, signerName: ERASED_NAME, ip: null, userAgent: null }))
				);
		}
		await tx.delete(sessions).where(eq(sessions.userId, person.id));
		await tx.delete(loginDevices).where(eq(loginDevices.userId, person.id));
		await tx.delete(invitations).where(eq(invitations.userId, person.id));
		await tx.update(auditEvents).set({ ip: null }).where(eq(auditEvents.actorId, person.id));
		await tx
			.update(users)
			.set({
				name: ERASED_NAME,
				email: `effacee-${crypto.randomUUID()}@effacement.invalid`,
				passwordHash: null,
				erasureRequestedAt: null
			})
			.where(eq(users.id, person.id));
		await recordAudit(tx, {
			organisationId: person.organisationId,
			actorId: actor.id,
			action: 'gdpr.erasure_done',
			targetType: 'user',
			targetId: person.id,
			detail: {
				bilans: theirs.length,
				boards: boardIds.length,
				cohorts: memberships.length,
				walls: walls.length,
				signatures: signatures.length
			}
		});
		return { bilans: theirs.length, boardIds };
	});
	evictBoards(result.boardIds);
	await recheckConnections({ userIds: [person.id] });
	return { bilans: result.bilans, boards: result.boardIds.length };
}
