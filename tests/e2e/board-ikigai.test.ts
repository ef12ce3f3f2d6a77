import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { addIkigaiNote, boardTogether, expectSaved, ikigaiNote } from './board-helpers';

test('an Ikigai note dragged by the consultant changes zone for the beneficiary', async ({
	browser
}) => {
	const { consultant, beneficiary, close } = await boardTogether(browser, 'ikigai', 'Mon ikigai');
	await addIkigaiNote(consultant, 'Jardiner', 'Ce que j’aime');
	await expect(ikigaiNote(beneficiary, 'Jardiner').getByTestId('note-zone')).toHaveText(
		'Ce que j’aime'
	);

	// Opening the note to edit it shows the others who is on it.
	await ikigaiNote(consultant, 'Jardiner').click();
	await expect(ikigaiNote(beneficiary, 'Jardiner')).toContainText('Claire Consultante modifie…');
	await consultant.getByRole('button', { name: 'Fermer' }).click();
	await expect(ikigaiNote(beneficiary, 'Jardiner')).not.toContainText('modifie…');

	// Drag the note to the centre of the diagram, where the four circles meet.
	const surface = await consultant.getByRole('group', { name: 'Diagramme Ikigai' }).boundingBox();
	const from = await ikigaiNote(consultant, 'Jardiner').boundingBox();
	if (!surface || !from) throw new Error('the diagram is not visible');
	await consultant.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
	await consultant.mouse.down();
	await consultant.mouse.move(surface.x + surface.width / 2, surface.y + surface.height / 2, {
		steps: 15
	});
	// The zone follows the note while it is being dragged, and the other sees the hand move.
	await expect(ikigaiNote(consultant, 'Jardiner').getByTestId('note-zone')).toHaveText('Ikigai');
	await expect(beneficiary.getByTestId('peer-pointer')).toContainText('Claire Consultante');
	await consultant.mouse.up();

	await expect(ikigaiNote(beneficiary, 'Jardiner').getByTestId('note-zone')).toHaveText('Ikigai');
	await expect(beneficiary.getByTestId('board-announcer')).toContainText(
		'Claire Consultante a déplacé « Jardiner » vers Ikigai.'
	);
	await expectSaved(consultant);
	await close();
});

test('two notes added to one zone are drawn side by side, not on top of each other', async ({
	browser
}) => {
	const { consultant, close } = await boardTogether(browser, 'ikigai', 'Côte à côte');
	await addIkigaiNote(consultant, 'Randonnée', 'Mission');
	await addIkigaiNote(consultant, 'Bénévolat associatif', 'Mission');
	for (const text of ['Randonnée', 'Bénévolat associatif']) {
		await expect(ikigaiNote(consultant, text).getByTestId('note-zone')).toHaveText('Mission');
	}
	// Drawn apart once the notes are measured (a frame after they appear).
	await expect
		.poll(async () => {
			const [a, b] = await Promise.all(
				['Randonnée', 'Bénévolat associatif'].map((text) =>
					ikigaiNote(consultant, text).boundingBox()
				)
			);
			if (!a || !b) return 'not visible';
			const apart =
				a.x + a.width <= b.x ||
				b.x + b.width <= a.x ||
				a.y + a.height <= b.y ||
				b.y + b.height <= a.y;
			return apart ? 'apart' : `overlapping: ${JSON.stringify([a, b])}`;
		})
		.toBe('apart');
	await close();
});

test('the Ikigai outline adds and moves a note to a zone by keyboard only', async ({ browser }) => {
	const { consultant, beneficiary, close } = await boardTogether(browser, 'ikigai', 'Au clavier');
	await beneficiary.getByRole('button', { name: 'Vue liste (clavier, lecteur d’écran)' }).click();

	await beneficiary.getByLabel('Texte de la note', { exact: true }).focus();
	await beneficiary.keyboard.type('Aider les autres');
	await beneficiary.keyboard.press('Tab');
	await expect(beneficiary.getByLabel('Zone', { exact: true })).toBeFocused();
	await beneficiary.keyboard.press('Tab');
	await beneficiary.keyboard.press('Tab');
	await beneficiary.keyboard.press('Enter');
	await expect(ikigaiNote(consultant, 'Aider les autres').getByTestId('note-zone')).toHaveText(
		'Ce que j’aime'
	);

	const zone = beneficiary.getByRole('combobox', { name: 'Zone de la note « Aider les autres »' });
	await zone.focus();
	// Typing a closed select's option name picks it, as a keyboard user would.
	await beneficiary.keyboard.type('Mission');
	await expect(zone).toHaveValue('mission');
	await beneficiary.keyboard.press('Tab');
	await expect(
		beneficiary.getByRole('button', { name: 'Déplacer Aider les autres' })
	).toBeFocused();
	await beneficiary.keyboard.press('Enter');

	await expect(ikigaiNote(consultant, 'Aider les autres').getByTestId('note-zone')).toHaveText(
		'Mission'
	);
	await expect(
		beneficiary.getByRole('region', { name: /Mission/ }).getByRole('combobox', {
			name: 'Zone de la note « Aider les autres »'
		})
	).toBeFocused();
	await expectSaved(beneficiary);
	await close();
});

test('a note’s text appears in the other’s editor while it is typed, with the typist’s caret', async ({
	browser
}) => {
	const { consultant, beneficiary, close } = await boardTogether(browser, 'ikigai', 'En direct');
	await addIkigaiNote(consultant, 'Jardiner', 'Passion');
	await ikigaiNote(consultant, 'Jardiner').click();
	await ikigaiNote(beneficiary, 'Jardiner').click();
	const editor = (page: Page) =>
		page.getByRole('region', { name: 'Modifier la note' }).getByLabel('Texte de la note');
	await expect(editor(beneficiary)).toHaveValue('Jardiner');

	await editor(consultant).click();
	await editor(consultant).press('Control+End');
	await consultant.keyboard.type(' le dimanche', { delay: 20 });
	// Seen before she leaves the field: no blur, no « change » needed.
	await expect(editor(beneficiary)).toHaveValue('Jardiner le dimanche');
	await expect(editor(consultant)).toBeFocused();
	await expect(ikigaiNote(beneficiary, 'Jardiner le dimanche')).toBeVisible();
	await expect(
		beneficiary.locator('[data-field^="notes/"] [data-testid="remote-caret"]')
	).toHaveAttribute('data-name', 'Claire Consultante');
	// Typing is not read out letter by letter by the other's screen reader.
	await expect(beneficiary.getByTestId('board-announcer')).not.toContainText('a modifié');
	await expectSaved(consultant);
	await close();
});

test('the Ikigai board has no serious accessibility violation, in both views', async ({
	browser
}) => {
	// Axe scans of a full board take a while on a loaded machine.
	test.slow();
	const { consultant, close } = await boardTogether(browser, 'ikigai', 'Accessibilité');
	await addIkigaiNote(consultant, 'Cuisiner', 'Passion');
	await ikigaiNote(consultant, 'Cuisiner').click();
	await expect(consultant.getByRole('heading', { name: 'Modifier la note' })).toBeVisible();
	const scan = async () => {
		const results = await new AxeBuilder({ page: consultant }).analyze();
		return results.violations
			.filter((v) => v.impact === 'serious' || v.impact === 'critical')
			.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
	};
	expect(await scan()).toEqual([]);
	await consultant.getByRole('button', { name: 'Vue liste (clavier, lecteur d’écran)' }).click();
	await expect(consultant.getByRole('heading', { name: 'Passion (1)' })).toBeVisible();
	expect(await scan()).toEqual([]);
	await close();
});
