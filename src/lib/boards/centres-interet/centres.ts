/**
 * The centres d'intérêt of the ROME 4.0 (v4.60), written by `npm run rome:import`: do
 * not edit. Source : France Travail, ROME 4.0 (v4.60), Licence Ouverte 2.0.
 */
export const ROME_VERSION = '4.60';

export interface CentreInteret {
	code: number;
	libelle: string;
	definition: string;
}

export const centresInteret: readonly CentreInteret[] = [
	{
		code: 1,
		libelle: "J'ai envie de créer, construire, rénover",
		definition:
			'Créer, construire, rénover : une multitude de métiers pour mettre en œuvre votre savoir-faire.\n\nEnvie de concevoir de nouveaux bâtiments, superviser la construction de structures importantes ou rénover des espaces pour les rendre agréables et surtout, fonctionnels ? De nombreux métiers vous offrent la possibilité de donner vie à vos idées et de contribuer activement à la réalisation de projets tangibles et gratifiants.'
	},
	{
		code: 2,
		libelle: "J'ai l'âme d'un chef / d'une cheffe",
		definition:
			"Vous avez l'âme d'un chef ? Découvrez une variété de métiers pour ceux qui aspirent à diriger et inspirer.\n\n Si vous êtes animé par le sens du travail d'équipe et la volonté de mener des projets à leur réussite et que vous vous imaginez coordonner les efforts pour atteindre des objectifs communs, ces métiers offrent des possibilités concrètes de mettre en pratique vos talents de leadership."
	},
	{
		code: 3,
		libelle: "J'ai le sens des affaires",
		definition:
			'Vous avez le sens des affaires ? Explorez une multitude de métiers passionnants.\n\nVotre esprit vif, votre sens de la négociation et votre ambition vous attirent vers le monde des affaires ? De nombreux métiers vous permettent de mettre vos talents à profit et de participer à la réussite des organisations.'
	},
	{
		code: 4,
		libelle: "J'ai le sens du contact",
		definition:
			"Vous avez le sens du contact ? Une multitude de métiers pour vous épanouir !\n\nVous aimez interagir avec les autres, les écouter, les comprendre et les aider ? Bonne nouvelle, vous avez le sens du contact ! De nombreux métiers s'offrent à vous pour vous permettre de mettre vos talents à profit et d'accompagner et de tisser des liens avec des personnes d'horizons divers."
	},
	{
		code: 5,
		libelle: "J'ai le sens du service public",
		definition:
			"Vous avez le sens du service public ? Devenez acteur du bien-être de la société.\n\nVous êtes animé par l'envie de contribuer à l'intérêt général et d'améliorer la vie quotidienne des gens autour de vous ? Le sens du service public vous guide vers des métiers passionnants et porteurs de sens au sein d'institutions variées."
	},
	{
		code: 6,
		libelle: "J'ai le souci du détail",
		definition:
			"Vous avez le souci du détail ? Il existe une multitude de métiers pour exprimer votre précision et votre minutie.\n\nVous êtes doté d'une grande attention aux détails et d'une capacité à vous concentrer sur les aspects les plus précis d'un travail ? De nombreux métiers vous permettent de mettre à profit votre sens de l'observation et votre rigueur."
	},
	{
		code: 7,
		libelle: "J'ai un bon coup de crayon",
		definition:
			'Un bon coup de crayon ? Explorez les métiers de la création.\n\nVous avez un talent pour le dessin et une imagination fertile ? De nombreux métiers vous permettent de mettre à profit vos compétences artistiques et votre créativité.'
	},
	{
		code: 8,
		libelle: "J'aime communiquer, convaincre",
		definition:
			"Vous aimez communiquer et convaincre ? Devenez un acteur du changement.\n\nVous avez le don pour captiver l'attention et de tisser des liens avec vos interlocuteurs ? De nombreux métiers vous permettent de mettre à profit vos talents de communicant et votre force de persuasion dans des domaines variés."
	},
	{
		code: 9,
		libelle: "J'aime être au contact de la nature",
		definition:
			"Vous aimez être au contact de la nature ? Devenez acteur de sa préservation.\n\nVous êtes sensible à la beauté des paysages naturels et vous avez à cœur de protéger les écosystèmes naturels et l'environnement ? De nombreux métiers vous permettent d'allier votre passion pour la nature à un engagement concret pour son avenir."
	},
	{
		code: 10,
		libelle: "J'aime faire des découvertes",
		definition:
			'Vous aimez faire des découvertes ? Devenez un pionnier du savoir.\n\nVous êtes animé par la soif de comprendre le monde qui vous entoure et vous souhaitez repousser les limites de la connaissance ? De nombreux métiers vous permettent de mettre à profit votre curiosité et votre passion pour la recherche.'
	},
	{
		code: 11,
		libelle: "J'aime faire respecter la loi, les règles",
		definition:
			'Faire respecter la loi et les règles : une multitude de métiers pour exercer votre sens de la justice.\n\nVous avez un profond respect pour la loi et les règles et vous souhaitez contribuer à leur application ? De nombreux métiers vous permettent de mettre en application la réglementation dans des contextes concrets et essentiels pour la société.'
	},
	{
		code: 12,
		libelle: "J'aime jouer avec les mots",
		definition:
			"Découvrez les métiers de l'écriture : une opportunité pour exprimer votre talent littéraire.\n\n Si vous excellez dans l'art de manier les mots et que vous aimez exprimer votre créativité à travers l'écriture, de nombreuses voies professionnelles s'offrent à vous dans des contextes variés et passionnants."
	},
	{
		code: 13,
		libelle: "J'aime l'activité physique",
		definition:
			"L'activité physique au cœur de votre métier : une multitude d'options pour bouger.\n\nVous êtes passionné par le sport et recherchez un métier qui vous permette de rester actif ? De nombreux domaines vous offrent la possibilité de combiner votre passion pour l'exercice physique à un épanouissement professionnel."
	},
	{
		code: 14,
		libelle: "J'aime le travail manuel",
		definition:
			'Le travail manuel : des métiers pour exprimer votre savoir-faire.\n\nVous êtes passionné par le travail manuel et recherchez un métier qui vous permette de mettre vos talents à profit ? De nombreux domaines vous offrent la possibilité de travailler de vos mains et de créer des produits finis de qualité.'
	},
	{
		code: 15,
		libelle: "J'aime manier les chiffres",
		definition:
			"Vous savez manier les chiffres ? Découvrez les opportunités pour les passionnés de l'analyse.\n\n Si vous êtes fasciné par les mathématiques et que vous souhaitez résoudre des problèmes concrets, une variété de métiers vous permettent de manipuler les chiffres au quotidien."
	},
	{
		code: 16,
		libelle: "J'aime me déplacer et voyager",
		definition:
			"Découvrir le monde et voyager : des métiers pour les aventuriers.\n\nVous êtes fasciné par l'exploration et le voyage et vous souhaitez en faire votre métier ? De nombreuses opportunités vous permettent de combiner votre passion pour la découverte à un épanouissement professionnel."
	},
	{
		code: 17,
		libelle: "J'aime m'occuper des animaux",
		definition:
			"Prendre soin des animaux : des métiers pour les amis des bêtes.\n\nVous êtes passionné par les animaux et recherchez un métier qui vous permette de les côtoyer au quotidien ? De nombreux domaines vous offrent la possibilité d'évoluer auprès des animaux et de contribuer à leur bien-être."
	},
	{
		code: 18,
		libelle: "J'aime organiser, planifier",
		definition:
			"Maîtriser l'art de l'organisation et de la planification ouvre les portes à une variété de métiers pour les esprits stratégiques.\nSi vous excellez dans l'organisation et la planification et que vous cherchez un domaine où exploiter pleinement vos compétences, de nombreuses opportunités s'offrent à vous. Vous pouvez contribuer à la réussite de projets divers et développer votre sens stratégique dans différents secteurs."
	},
	{
		code: 19,
		libelle: "J'aime piloter, conduire",
		definition:
			"Explorez les métiers du pilotage et de la conduite : une aventure stimulante pour les passionnés de sensations fortes.\n\nVous aimez conduire et vous souhaitez faire de votre passion votre métier ? De nombreuses opportunités vous offrent la possibilité de prendre les commandes de véhicules, d'engins ou de machines industrielles."
	},
	{
		code: 20,
		libelle: "Je souhaite contribuer à la protection de l'environnement",
		definition:
			"Explorez les métiers dédiés à la protection de l'environnement : une voie riche en opportunités pour les passionnés de la nature et de l'écologie.\n\nSi vous êtes sensible à la protection de notre planète et que vous souhaitez mettre vos compétences au service de cet idéal, de multiples métiers s'ouvrent à vous. Ces métiers vous permettent de jouer un rôle concret dans la préservation de l'environnement et de contribuer activement à la construction d'un avenir plus durable."
	},
	{
		code: 21,
		libelle: "Je souhaite m'occuper d'enfants",
		definition:
			"Découvrez les métiers dédiés à l'accompagnement des enfants.\n\nSi vous appréciez le contact avec les jeunes et souhaitez les guider dans leur croissance et leur épanouissement, de nombreuses voies s'ouvrent à vous. Ces métiers vous permettent de mettre en pratique votre bienveillance et vos compétences auprès des enfants, de la petite enfance à l'adolescence."
	},
	{
		code: 22,
		libelle: 'Je souhaite prendre soin des autres',
		definition:
			"Découvrez les métiers du soin : une voie enrichissante pour ceux qui ont à cœur le bien-être d'autrui.\n\nSi vous aspirez à mettre votre empathie et votre dévouement au service des autres, de nombreux métiers offrent une expérience humaine enrichissante où vous contribuez à améliorer la vie de ceux que vous accompagnez."
	},
	{
		code: 23,
		libelle: 'Je souhaite protéger et secourir',
		definition:
			"Protéger et secourir : une multitude de métiers pour les héros du quotidien.\n\nVous êtes animé par un fort sentiment d'altruisme et recherchez un métier qui vous permette de mettre votre courage et votre dévouement au service de la protection et du secours des autres ? De nombreux domaines vous offrent la possibilité d'exercer une profession valorisante et pleine d'adrénaline qui contribue à la sécurité et au bien-être de la population."
	},
	{
		code: 24,
		libelle: 'Je souhaite transmettre',
		definition:
			"Transmettre : de nombreux métiers pour les passionnés de partage.\n\nVous avez le goût de la pédagogie et recherchez un métier qui vous permette de partager vos connaissances et votre savoir-faire avec les autres ? De nombreux domaines vous offrent la possibilité d'exercer un métier enrichissant qui contribue à l'éducation et à l'épanouissement des individus."
	},
	{
		code: 25,
		libelle: 'Je suis amateur / amatrice de sensations fortes',
		definition:
			"Découvrez les métiers à sensations fortes : une voie palpitante pour les amateurs d'adrénaline.\n\nSi vous êtes en quête d'un métier qui vous pousse à dépasser vos limites et à vivre des expériences intenses, de nombreuses opportunités s'offrent à vous. Ces métiers dynamiques vous plongent dans l'action, vous offrant des expériences uniques et dynamiques."
	},
	{
		code: 26,
		libelle: "Je suis attiré / attirée par l'envers du décor",
		definition:
			"Découvrez les métiers de l'envers du décor : une voie stimulante pour les passionnés des backstage.\n\n Si vous êtes fasciné par les coulisses du spectacle et que vous aspirez à contribuer à la création artistique tout en restant discret, de nombreuses opportunités professionnelles s'offrent à vous. Ces métiers vous permettent d'exercer votre talent et votre créativité dans un univers où chaque détail compte pour le succès final de l'œuvre."
	},
	{
		code: 27,
		libelle: 'Je suis passionné / passionnée par la cuisine',
		definition:
			"Découvrez les métiers de la cuisine : une voie enrichissante pour les passionnés de gastronomie.\n\n Vous êtes un épicurien et vous souhaitez exprimer votre talent culinaire ? De nombreux métiers vous permettent d'exercer votre passion pour la cuisine dans un environnement stimulant, où la créativité et le partage sont au cœur de votre quotidien."
	},
	{
		code: 28,
		libelle: 'Je suis passionné / passionnée par les autres cultures',
		definition:
			"Passionné par les autres cultures : une multitude de métiers pour les aventuriers du monde.\n\nVous êtes captivé par la richesse des cultures et que vous aspirez à explorer le globe tout en échangeant avec des individus venant d'horizons variés ? Découvrez des métiers dynamiques et gratifiants, où vous contribuez activement à promouvoir la diversité culturelle."
	},
	{
		code: 29,
		libelle: 'Je suis passionné / passionnée par les nouvelles technologies',
		definition:
			"Plongez dans les métiers des nouvelles technologies : une voie stimulante pour les passionnés d'innovation.\n\n Vous êtes fasciné par l'univers des technologies et recherchez un métier qui vous permette d'exploiter votre créativité et vos compétences techniques ? De nombreux domaines vous offrent la possibilité d'exercer un métier stimulant qui vous permettra de participer au progrès technologique."
	},
	{
		code: 30,
		libelle: 'Je suis un / une artiste',
		definition:
			"Artiste dans l'âme : une variété de métiers pour donner vie à votre créativité.\n\nVous êtes passionné par l'art et vous cherchez une carrière pour exprimer pleinement votre imagination et votre talent ? Explorez des opportunités de métiers enrichissants pour vous permettre de partager votre vision du monde et de créer des œuvres uniques."
	}
];
