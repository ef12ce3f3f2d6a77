import adapter from '@sveltejs/adapter-node';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	compilerOptions: {
		// Runes everywhere in our code; libraries decide for themselves.
		runes: ({ filename }) => (filename.split(/[/\\]/).includes('node_modules') ? undefined : true)
	},
	kit: {
		adapter: adapter(),
		typescript: {
			config: (tsconfig) => {
				tsconfig.include.push('../server/**/*.ts', '../tests/**/*.ts', '../bench/**/*.ts');
				tsconfig.include.push('../drizzle.config.ts', '../playwright.config.ts');
			}
		}
	}
};

export default config;
