import { describe, expect, it } from 'vitest';
import type { JournalEvent } from '$lib/server/journal.service';
import { eventActor, eventText } from './event-text';

const event = (action: string, detail: JournalEvent['detail'] = {}): JournalEvent => ({
	id: 1,
	at: new Date('2026-07-01T12:00:00Z'),
	action,
	actorName: 'Claire Martin',
	detail
});

describe('journal event text', () => {
	it('says what each recorded action was, from the messages', () => {
		expect(eventText(event('synthese.pdf', { version: 2 }), 'fr')).toBe(
			'a téléchargé la synthèse en PDF'
		);
		expect(eventText(event('board.lock'), 'fr')).toBe('a verrouillé une partie d’un tableau');
		expect(eventText(event('invitation.create', { mail: 'failed' }), 'fr')).toBe(
			'a créé un lien d’invitation pour le compte de la personne bénéficiaire ; l’envoi par e-mail a échoué'
		);
		expect(eventActor(event('synthese.pdf'))).toBe('Claire Martin');
	});

	it('still shows an event recorded under a name no longer in use', () => {
		expect(eventText(event('board.open'), 'fr')).toBe('a fait une action enregistrée (board.open)');
		expect(eventText(event('toString'), 'fr')).toBe('a fait une action enregistrée (toString)');
	});
});
