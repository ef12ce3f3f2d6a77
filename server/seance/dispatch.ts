import { LEADER_EVENTS, type SeanceClientEvent } from '../../src/lib/seance/protocol.ts';
import { ValidationError } from '../../src/lib/server/bilans.validation.ts';
import type { SeanceConfig } from '../../src/lib/server/config.ts';
import { PermissionError, type Actor } from '../../src/lib/server/permissions.ts';
import { NO_LIVE_SEANCE } from '../../src/lib/server/seance.service.ts';
import { RateLimit } from '../sync/connection.ts';
import { EventRefused, HANDLERS, WORDS, type EventSpec, type SeanceContext } from './handlers.ts';
import { keyOf, toSocket, type SeanceSocket } from './types.ts';
import { EVENT_ARGS, isClientEvent } from './validate.ts';

/**
 * Refusals a socket may earn before it is disconnected: malformed arguments, events its mode may
 * not send, events over their rate. An honest client earns none (it speaks the protocol of the
 * version the handshake checked); a burst of 20, or more than one a second for long, is a client
 * gone wrong or an attack.
 */
const STRIKES_PER_SECOND = 1;
const STRIKES_BURST = 20;
/**
 * Places beyond their rate are dropped without a word: a page that sends one per scroll event
 * loses intermediate places only (suivez-moi keeps the latest; a client paces its places and sends
 * the last one of a scroll). Only beyond this many times the rate do they count as strikes.
 */
const PLACE_FLOOD_FACTOR = 4;
/**
 * Quick reactions per socket: a few in a row, then one every two seconds. Beyond, they are
 * dropped (said once per run): a room of 21 must not drown in applause, and a reaction is not worth
 * a strike (someone tapping 👏 is honest); a flood still meets the events' rate.
 */
const REACTIONS_PER_SECOND = 0.5;
const REACTIONS_BURST = 3;

/** The presentation screen only follows: it tells where it is and whether it is visible. */
const SCREEN_EVENTS: ReadonlySet<SeanceClientEvent> = new Set(['seance.place', 'seance.activity']);
const LEADER_ONLY: ReadonlySet<SeanceClientEvent> = new Set(LEADER_EVENTS);

const MESSAGES = {
	watch: 'Rejoignez la séance pour y participer.',
	screen: 'L’écran de présentation ne fait que suivre la séance.',
	tooFast: 'Trop de messages à la fois : patientez un instant.',
	reactions: 'Vous avez beaucoup réagi d’un coup : patientez quelques secondes.',
	malformed: 'Message mal formé : rechargez la page.',
	minutes: 'Indiquez une durée entre 1 et 480 minutes.',
	failed: 'Une erreur est survenue : réessayez.'
};

/**
 * Takes every event a séance socket sends (`onAny`, so that an unknown one is seen too) through
 * the same gate, in order: a known event (else disconnected at once: no honest client of this
 * protocol version sends one), one its mode may send, within its rate (`seance.place` has its
 * own, higher, and is dropped silently beyond it), with well-formed arguments (`validate.ts`),
 * from the leader when only the leader may, and, for events that act on the séance, while one is
 * in progress. A refusal is sent back as `seance.error` in French; malformed, forbidden-by-mode
 * and too-fast events also count against the socket (`STRIKES_*`; places only when they flood),
 * which is disconnected when it runs out. Domain refusals
 * (`PermissionError`, `ValidationError`: a timer the beneficiary may not extend) are answered
 * with their message and cost nothing. Nothing a client sends can throw out of here.
 */
export function attachEvents(
	socket: SeanceSocket,
	actor: Actor,
	context: SeanceContext,
	limits: Pick<SeanceConfig, 'placesPerSecond' | 'eventsPerSecond'>
): void {
	const places = new RateLimit(limits.placesPerSecond);
	const flood = new RateLimit(limits.placesPerSecond * PLACE_FLOOD_FACTOR);
	const events = new RateLimit(limits.eventsPerSecond);
	const strikes = new RateLimit(STRIKES_PER_SECOND, STRIKES_BURST);
	const reactions = new RateLimit(REACTIONS_PER_SECOND, REACTIONS_BURST);
	let dropping = false;
	let droppingReactions = false;

	function disconnect(reason: string, event: unknown): void {
		context.log('seance socket disconnected', {
			reason,
			event: typeof event === 'string' ? event.slice(0, 100) : typeof event,
			user: socket.data.userId,
			seance: keyOf(socket.data)
		});
		socket.disconnect(true);
	}

	function refuse(event: SeanceClientEvent, message: string, strike: boolean): void {
		toSocket(context.io, socket).emit('seance.error', { event, message });
		if (strike && !strikes.take()) disconnect('too many refused events', event);
	}

	function failed(event: SeanceClientEvent, error: unknown): void {
		if (
			error instanceof EventRefused ||
			error instanceof PermissionError ||
			error instanceof ValidationError
		) {
			return refuse(event, error.message, false);
		}
		context.log('seance event failed', {
			event,
			user: socket.data.userId,
			seance: keyOf(socket.data),
			error: String(error)
		});
		refuse(event, MESSAGES.failed, false);
	}

	function handle<E extends SeanceClientEvent>(event: E, args: unknown[]): void {
		const { data } = socket;
		if (data.mode === 'watch') return refuse(event, MESSAGES.watch, true);
		if (data.mode === 'screen' && !SCREEN_EVENTS.has(event)) {
			return refuse(event, MESSAGES.screen, true);
		}
		if (event === 'seance.place') {
			const flooding = !flood.take();
			if (!places.take()) {
				if (flooding && !strikes.take()) disconnect('flood of places', event);
				return;
			}
		} else if (!events.take()) {
			// Said once per run of dropped events, not once per event: that would double the flood.
			if (!dropping) refuse(event, MESSAGES.tooFast, false);
			dropping = true;
			if (!strikes.take()) disconnect('over its rate', event);
			return;
		}
		dropping = false;
		if (event === 'seance.react') {
			if (!reactions.take()) {
				if (!droppingReactions) refuse(event, MESSAGES.reactions, false);
				droppingReactions = true;
				return;
			}
			droppingReactions = false;
		}
		const parsed = EVENT_ARGS[event](args);
		if (!parsed) {
			return refuse(
				event,
				event === 'seance.timer.start' ? MESSAGES.minutes : MESSAGES.malformed,
				true
			);
		}
		if (LEADER_ONLY.has(event) && !data.leads) {
			return refuse(event, WORDS[data.scope.kind].leader, false);
		}
		const rendezVousId = context.live(keyOf(data));
		const spec: EventSpec<E> = HANDLERS[event];
		try {
			if (!spec.seance) return spec.run({ context, socket, actor, rendezVousId }, ...parsed);
			if (!rendezVousId) return refuse(event, NO_LIVE_SEANCE, false);
			spec
				.run({ context, socket, actor, rendezVousId }, ...parsed)
				?.catch((error: unknown) => failed(event, error));
		} catch (error) {
			failed(event, error);
		}
	}

	socket.onAny((event: unknown, ...args: unknown[]) => {
		if (!isClientEvent(event)) return disconnect('unknown event', event);
		handle(event, args);
	});
}
