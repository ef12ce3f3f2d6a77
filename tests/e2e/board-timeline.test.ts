import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { addExperience, boardTogether, expectSaved } from './board-helpers';

const chart = (page: Page) => page.getByRole('group', { name: 'Frise chronologique' });

test('experiences added by one appear on the other’s timeline with the life curve', async ({
	browser
}) => {
	const { consultant, beneficiary, close } = await boardTogether(browser, 'timeline', 'Frise');
	await addExperience(consultant, {
		lane: 'Travail',
		title: 'Vendeuse',
		start: '2010-01',
		end: '2015-06',
		satisfaction: '3'
	});
	await addExperience(consultant, {
		lane: 'Formation',
		title: 'CAP Fleuriste',
		start: '2016-09',
		end: '2017-06',
		satisfaction: '-2'
	});
	const bar = chart(beneficiary).getByRole('button', { name: /^Vendeuse, .*satisfaction \+3/ });
	await expect(bar).toBeVisible();
	await expect(chart(beneficiary).getByRole('button', { name: /^CAP Fleuriste/ })).toBeVisible();
	await expect(beneficiary.getByTestId('life-curve')).toBeAttached();
	await expect(beneficiary.getByTestId('board-announcer')).toContainText(
		'Claire Consultante a ajouté l’expérience « CAP Fleuriste ».'
	);

	// Zooming in shows a narrower span of years: the bar grows.
	const before = (await bar.boundingBox())!.width;
	await beneficiary.getByRole('button', { name: 'Rapprocher' }).click();
	await expect.poll(async () => (await bar.boundingBox())?.width ?? 0).toBeGreaterThan(before);
	await expectSaved(consultant);
	await close();
});

test('two experiences at the same time get a row each instead of covering each other', async ({
	browser
}) => {
	const { consultant, close } = await boardTogether(browser, 'timeline', 'En même temps');
	await addExperience(consultant, {
		lane: 'Travail',
		title: 'Aide-soignante',
		start: '2012-01',
		end: '2018-12',
		satisfaction: '2'
	});
	await addExperience(consultant, {
		lane: 'Travail',
		title: 'Garde d’enfants',
		start: '2014-03',
		end: '2016-06',
		satisfaction: '4'
	});
	const box = async (title: string) =>
		(await chart(consultant)
			.getByRole('button', { name: new RegExp(`^${title}`) })
			.boundingBox())!;
	await expect(chart(consultant).getByRole('button', { name: /^Garde d’enfants/ })).toBeVisible();
	const [first, second] = [await box('Aide-soignante'), await box('Garde d’enfants')];
	expect(second.y).toBeGreaterThanOrEqual(first.y + first.height);
	await close();
});

test('the timeline outline flags a key moment and edits by keyboard only', async ({ browser }) => {
	const { consultant, beneficiary, close } = await boardTogether(browser, 'timeline', 'Clavier');
	await addExperience(consultant, {
		lane: 'Vie personnelle',
		title: 'Naissance de Léa',
		start: '2012-04',
		end: '2012-04',
		satisfaction: '5'
	});
	await beneficiary.getByRole('button', { name: 'Vue liste (clavier, lecteur d’écran)' }).click();
	const flag = beneficiary.getByRole('button', { name: 'Moment clé Naissance de Léa' });
	await flag.focus();
	await beneficiary.keyboard.press('Enter');
	await expect(flag).toHaveAttribute('aria-pressed', 'true');
	await expect(
		chart(consultant).getByRole('button', { name: /^Naissance de Léa, .*Moment clé$/ })
	).toBeVisible();

	const edit = beneficiary.getByRole('button', { name: 'Modifier Naissance de Léa' });
	await edit.focus();
	await beneficiary.keyboard.press('Enter');
	// The form opens with the focus in its first field.
	await expect(beneficiary.getByLabel('Domaine')).toBeFocused();
	await beneficiary.keyboard.press('Tab');
	await beneficiary.keyboard.press('Control+a');
	await beneficiary.keyboard.type('Naissance de ma fille');
	await beneficiary.getByRole('button', { name: 'Enregistrer' }).focus();
	await beneficiary.keyboard.press('Enter');
	await expect(
		chart(consultant).getByRole('button', { name: /^Naissance de ma fille,/ })
	).toBeVisible();
	await expectSaved(beneficiary);
	await close();
});

test('a title typed by one appears in the other’s form while typing, with their caret', async ({
	browser
}) => {
	const { consultant, beneficiary, close } = await boardTogether(browser, 'timeline', 'Direct');
	await addExperience(consultant, {
		lane: 'Travail',
		title: 'Vendeuse',
		start: '2010-01',
		end: '2015-06',
		satisfaction: '2'
	});
	const title = async (page: Page) => {
		await chart(page)
			.getByRole('button', { name: /^Vendeuse,/ })
			.click();
		const field = page
			.getByRole('form', { name: 'Modifier « Vendeuse »' })
			.getByLabel('Intitulé (poste, formation, événement)');
		// By its id from now on: the form is named after the title, which is about to change.
		return page.locator(`#${await field.getAttribute('id')}`);
	};
	const theirs = await title(beneficiary);
	const mine = await title(consultant);
	await mine.press('End');
	await mine.pressSequentially(' en boulangerie');
	// Still typing (the field has the focus): nothing waits for a blur or « Enregistrer ».
	await expect(mine).toBeFocused();
	await expect(theirs).toHaveValue('Vendeuse en boulangerie');
	const form = beneficiary.getByRole('form', { name: 'Modifier « Vendeuse en boulangerie »' });
	await expect(form.getByTestId('remote-caret')).toHaveAttribute('data-name', 'Claire Consultante');
	await expect(form).toContainText('Claire Consultante écrit ici');
	await expect(
		chart(beneficiary).getByRole('button', { name: /^Vendeuse en boulangerie,/ })
	).toBeVisible();
	await expectSaved(consultant);
	await close();
});

test('the timeline has no serious accessibility violation, in both views', async ({ browser }) => {
	// Axe scans of a full board take a while on a loaded machine.
	test.slow();
	const { consultant, close } = await boardTogether(browser, 'timeline', 'Accessibilité');
	await addExperience(consultant, {
		lane: 'Travail',
		title: 'Aide-soignant',
		start: '2005-02',
		end: '2019-12',
		satisfaction: '1'
	});
	await chart(consultant)
		.getByRole('button', { name: /^Aide-soignant/ })
		.click();
	await expect(consultant.getByRole('form', { name: 'Modifier « Aide-soignant »' })).toBeVisible();
	const scan = async () => {
		const results = await new AxeBuilder({ page: consultant }).analyze();
		return results.violations
			.filter((v) => v.impact === 'serious' || v.impact === 'critical')
			.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
	};
	expect(await scan()).toEqual([]);
	await consultant.getByRole('button', { name: 'Vue liste (clavier, lecteur d’écran)' }).click();
	await expect(
		consultant.getByRole('heading', { name: 'Aide-soignant', exact: true })
	).toBeVisible();
	expect(await scan()).toEqual([]);
	await close();
});
