/** A card of the default deck: a stable id (used as the card's id in every board), its words. */
export interface DeckCard {
	id: string;
	label: string;
	description: string;
}

/**
 * The default deck of value cards, in plain French a beneficiary understands without help.
 * Ids are stable: changing a label here does not touch boards already created (they keep the
 * words they were created with), and a new card only reaches new boards.
 */
export const defaultDeck: readonly DeckCard[] = [
	['autonomie', 'Autonomie', 'Organiser mon travail à ma façon et prendre mes propres décisions.'],
	['reconnaissance', 'Reconnaissance', 'Que mon travail et mes efforts soient vus et appréciés.'],
	['securite-emploi', "Sécurité de l'emploi", 'Avoir un emploi stable, sans craindre pour demain.'],
	[
		'equilibre',
		'Équilibre vie pro/perso',
		"Garder du temps et de l'énergie pour ma vie en dehors du travail."
	],
	['utilite-sociale', 'Utilité sociale', 'Être utile aux autres et à la société.'],
	['creativite', 'Créativité', 'Imaginer, inventer, créer des choses nouvelles.'],
	['liberte', 'Liberté', 'Choisir comment, quand et où je travaille.'],
	['solidarite', 'Solidarité', "S'entraider, soutenir les autres et être soutenu·e."],
	['remuneration', 'Rémunération', 'Bien gagner ma vie.'],
	['transmission', 'Transmission', 'Partager mon savoir et aider les autres à apprendre.'],
	['responsabilite', 'Responsabilités', 'Prendre des décisions importantes et en répondre.'],
	['influence', 'Influence', 'Peser sur les décisions et les orientations.'],
	['prestige', 'Prestige', 'Exercer un métier ou occuper une place qui est admirée.'],
	['apprendre', 'Apprendre', 'Me former sans cesse, découvrir, progresser.'],
	['variete', 'Variété', 'Faire des choses différentes, ne pas tomber dans la routine.'],
	['defi', 'Défi', 'Relever des défis, me dépasser.'],
	['esprit-equipe', "Esprit d'équipe", "Travailler avec d'autres vers un but commun."],
	[
		'relations',
		'Relations humaines',
		'Avoir des échanges riches avec les personnes autour de moi.'
	],
	[
		'contact-public',
		'Contact avec le public',
		'Accueillir, conseiller, servir des clients ou usagers.'
	],
	['independance', 'Indépendance', 'Ne dépendre de personne, être mon propre patron.'],
	['honnetete', 'Honnêteté', 'Agir avec franchise et sincérité.'],
	['ethique', 'Éthique', 'Travailler en accord avec ce que je crois juste.'],
	['equite', 'Justice et équité', 'Que chacun soit traité de manière juste.'],
	['respect', 'Respect', 'Être respecté·e et respecter les autres.'],
	['confiance', 'Confiance', "Pouvoir compter sur les autres, et qu'ils puissent compter sur moi."],
	['loyaute', 'Loyauté', 'Être fidèle à mes engagements et à mon équipe.'],
	['famille', 'Famille', 'Donner de la place à mes proches.'],
	['sante', 'Santé', 'Préserver ma santé physique et mentale.'],
	['serenite', 'Sérénité', 'Travailler au calme, sans stress excessif.'],
	['plaisir', 'Plaisir', 'Aimer ce que je fais au quotidien.'],
	['sens', 'Sens', 'Comprendre à quoi sert mon travail et y croire.'],
	['ecologie', 'Écologie', 'Protéger la nature et la planète.'],
	['beaute', 'Beauté', 'Créer du beau, être entouré·e de belles choses.'],
	['reussite', 'Réussite', 'Atteindre mes objectifs et voir les résultats.'],
	['competition', 'Compétition', 'Me mesurer aux autres et gagner.'],
	['expertise', 'Expertise', 'Devenir très compétent·e dans mon domaine.'],
	['aventure', 'Aventure', "Découvrir, prendre des risques, sortir de l'ordinaire."],
	['mobilite', 'Mobilité', 'Bouger, voyager, changer de lieu.'],
	['stabilite', 'Stabilité', 'Avoir des repères clairs et une vie régulière.'],
	['conditions-travail', 'Conditions de travail', 'Un cadre agréable, sûr et bien équipé.'],
	['organisation', 'Organisation', 'Un cadre structuré, des règles claires.'],
	['rigueur', 'Rigueur', 'Faire un travail soigné et précis.'],
	['innovation', 'Innovation', 'Faire avancer les choses, proposer des idées nouvelles.'],
	['entreprendre', 'Entreprendre', 'Créer et développer mon propre projet.'],
	['leadership', 'Diriger', 'Guider, motiver et faire grandir une équipe.'],
	['convivialite', 'Convivialité', 'Une ambiance chaleureuse et détendue.'],
	['humour', 'Humour', 'Rire et garder de la légèreté au travail.'],
	['convictions', 'Convictions', 'Vivre en accord avec mes croyances profondes.'],
	['engagement', 'Engagement', "M'investir pleinement pour une cause."],
	['travail-manuel', 'Travail manuel', 'Travailler de mes mains, fabriquer du concret.'],
	['nature', 'Plein air', 'Travailler dehors, au contact de la nature.'],
	['developpement-personnel', 'Développement personnel', 'Mieux me connaître et grandir.'],
	['harmonie', 'Harmonie', 'Vivre sans conflit, en paix avec les autres.'],
	['efficacite', 'Efficacité', 'Obtenir des résultats concrets sans perdre de temps.'],
	['flexibilite', 'Flexibilité', 'Pouvoir adapter mes horaires et mon organisation.'],
	['proximite', 'Proximité', 'Travailler près de chez moi.'],
	['curiosite', 'Curiosité', 'Comprendre le monde, nourrir ma soif de savoir.'],
	['appartenance', 'Appartenance', "Faire partie d'un groupe dont je suis fier·e."],
	['authenticite', 'Authenticité', 'Être moi-même, sans jouer un rôle.']
].map(([id, label, description]) => ({
	id: `deck-${id}`,
	label: label as string,
	description: description as string
}));
