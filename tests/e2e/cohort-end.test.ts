import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { signedIn } from './board-helpers';
import { bilanIdOf, DEMO } from './helpers';

/**
 * Issue 15, the record of a cohort: on a cohort of its own (the demo cohort stays open for the
 * other specs), Bruno signs a half-day of a group séance and Claire sees his signature; Bruno
 * carries one of his copies into his bilan from the bilan page and finds it among its boards;
 * Claire ends the cohort; Bruno reads the notice and downloads the ZIP of the copy left.
 */
test('a participant signs, carries a copy into their bilan, and gets the notice and ZIP at the end', async ({
	browser
}) => {
	const suffix = Math.random().toString(36).slice(2, 7);
	const name = `Cohorte d’hiver ${suffix}`;
	const claire = await signedIn(browser, DEMO.consultante);
	const bruno = await signedIn(browser, DEMO.beneficiaire);

	// Claire creates the cohort with a group séance held yesterday morning.
	await claire.page.goto('/cohortes');
	// Typed once hydrated: what is typed before can be wiped when Svelte takes over.
	await claire.page.waitForLoadState('networkidle');
	await claire.page.getByLabel('Nom de la cohorte').fill(name);
	await claire.page.getByLabel('Date de début').fill('2026-11-30');
	await claire.page.getByRole('button', { name: 'Créer la cohorte' }).click();
	await expect(claire.page.getByRole('heading', { level: 1, name })).toBeVisible();
	// The cohort's page was loaded in full (a plain form post): hydrated before typing again.
	await claire.page.waitForLoadState('networkidle');
	const yesterday = new Date(Date.now() - 24 * 60 * 60 * 1000)
		.toLocaleDateString('sv-SE', { timeZone: 'Europe/Paris' })
		.slice(0, 10);
	await claire.page.getByLabel('Date et heure').fill(`${yesterday}T09:00`);
	await claire.page.getByLabel('Durée (minutes)').fill('180');
	await claire.page.getByRole('button', { name: 'Ajouter la séance' }).click();
	await expect(claire.page.getByRole('heading', { name: /^Séance du/ })).toHaveCount(1);

	// Bruno joins by the link and accepts the charter; Claire hands out two exercises.
	const joinLink = (await claire.page.getByTestId('join-link').textContent())!;
	await bruno.page.goto(new URL(joinLink).pathname);
	await bruno.page.getByRole('button', { name: 'Rejoindre la cohorte' }).click();
	await bruno.page.getByRole('button', { name: 'J’ai lu et j’accepte la charte' }).click();
	await expect(bruno.page.getByRole('heading', { level: 1, name })).toBeVisible();
	for (const title of [`Valeurs ${suffix}`, `Ikigai ${suffix}`]) {
		const kind = title.startsWith('Valeurs') ? 'Cartes de valeurs' : 'Ikigai';
		await claire.page.getByLabel('Type de tableau').selectOption({ label: kind });
		await claire.page.getByLabel('Titre', { exact: true }).fill(title);
		await claire.page.getByRole('button', { name: 'Créer', exact: true }).click();
		await expect(claire.page.getByText(title)).toBeVisible();
	}

	// Bruno signs his half-day; Claire sees his signature.
	await bruno.page.reload();
	await bruno.page.waitForLoadState('networkidle');
	await bruno.page.getByLabel(/Je confirme avoir participé à cette demi-journée/).check();
	await bruno.page.getByRole('button', { name: 'Signer', exact: true }).click();
	await expect(bruno.page.getByText(/Signé par Bruno Bénéficiaire/)).toBeVisible();
	await claire.page.reload();
	await expect(claire.page.getByText(/Signé par Bruno Bénéficiaire/)).toBeVisible();
	const cohortUrl = claire.page.url();

	// On his bilan, Bruno carries the values exercise in, and finds it among the boards.
	await bruno.page.goto(`/bilans/${await bilanIdOf(bruno.page, 'Bruno Bénéficiaire')}`);
	const carry = bruno.page.getByRole('region', { name: 'Reprendre mes exercices de la cohorte' });
	await carry
		.getByRole('button', { name: `Reprendre dans mon bilan : « Valeurs ${suffix} »` })
		.click();
	await expect(
		carry.getByText(`« Valeurs ${suffix} » est maintenant parmi les tableaux`)
	).toBeVisible();
	await expect(bruno.page.getByRole('link', { name: `Valeurs ${suffix}` })).toBeVisible();

	// Claire ends the cohort, confirming in the dialog.
	await claire.page.getByRole('button', { name: 'Terminer la cohorte' }).click();
	const dialog = claire.page.getByRole('dialog', { name: 'Terminer la cohorte ?' });
	await dialog.getByRole('button', { name: 'Oui, terminer la cohorte' }).click();
	await expect(
		claire.page.getByText('La cohorte est terminée. Les participants sont prévenus.')
	).toBeVisible();

	// Bruno reads the notice on the cohort page and downloads the ZIP of the copy left.
	await bruno.page.goto(cohortUrl);
	const notice = bruno.page.getByTestId('cohort-end-notice');
	await expect(notice).toContainText(
		'Vos copies qui ne sont pas dans votre bilan (1) seront détruites le'
	);
	const download = bruno.page.waitForEvent('download');
	await notice.getByRole('link', { name: 'Télécharger mes copies (ZIP)' }).click();
	const file = await download;
	expect(file.suggestedFilename()).toMatch(/^mes-exercices-cohorte-.*\.zip$/);
	const bytes = readFileSync((await file.path())!);
	expect(bytes.subarray(0, 2).toString()).toBe('PK');
});
