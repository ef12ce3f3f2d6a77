import { asc, eq } from 'drizzle-orm';
import { PHASES, RDV_MAX_MINUTES, RDV_MIN_MINUTES, RDV_MODES } from '../bilans/values.ts';
import { recordAudit } from './audit.ts';
import { getBilan, managedBilan } from './bilans.service.ts';
import { Checker } from './bilans.validation.ts';
import type { Db } from './db/index.ts';
import { bilans, rendezVous } from './db/schema.ts';
import type { Actor } from './permissions.ts';

/**
 * Rendez-vous (séances) of a bilan: when, how long, in which mode and phase. Their durations are
 * the hours used that funders pay for. Signatures and attendance proof come later.
 */
export type RendezVous = typeof rendezVous.$inferSelect;

/** Raw values as a form or a JSON body sends them. */
export interface RendezVousInput {
	/** `YYYY-MM-DDTHH:MM` in Paris time, or an ISO string with an offset. */
	startsAt?: unknown;
	durationMinutes?: unknown;
	mode?: unknown;
	/** Defaults to the bilan's current phase. */
	phase?: unknown;
}

/** The rendez-vous of a bilan the actor may see, in time order. */
export async function listRendezVous(db: Db, actor: Actor, bilanId: string): Promise<RendezVous[]> {
	const bilan = await getBilan(db, actor, bilanId);
	return db
		.select()
		.from(rendezVous)
		.where(eq(rendezVous.bilanId, bilan.id))
		.orderBy(asc(rendezVous.startsAt));
}

/** Records a rendez-vous (those who manage the bilan only). */
export async function addRendezVous(
	db: Db,
	actor: Actor,
	bilanId: string,
	input: RendezVousInput
): Promise<RendezVous> {
	const bilan = await managedBilan(db, actor, bilanId);
	const check = new Checker();
	const startsAt = check.dateTime('startsAt', input.startsAt);
	const durationMinutes = check.integer(
		'durationMinutes',
		input.durationMinutes,
		RDV_MIN_MINUTES,
		RDV_MAX_MINUTES,
		'Indiquez une durée en minutes, entre 15 et 480 (8 heures).'
	);
	const mode = check.oneOf('mode', input.mode, RDV_MODES, 'Choisissez présentiel ou distanciel.');
	const phase =
		input.phase === undefined || input.phase === ''
			? bilan.phase
			: check.oneOf('phase', input.phase, PHASES, 'Cette phase n’existe pas.');
	check.done();
	return db.transaction(async (tx) => {
		const [created] = await tx
			.insert(rendezVous)
			.values({
				bilanId: bilan.id,
				startsAt: startsAt!,
				durationMinutes: durationMinutes!,
				mode: mode!,
				phase: phase!,
				createdBy: actor.id
			})
			.returning();
		await tx.update(bilans).set({ updatedAt: new Date() }).where(eq(bilans.id, bilan.id));
		await recordAudit(tx, {
			organisationId: bilan.organisationId,
			actorId: actor.id,
			action: 'rendezvous.create',
			targetType: 'bilan',
			targetId: bilan.id,
			detail: { rendezVousId: created!.id, durationMinutes, phase }
		});
		return created!;
	});
}
