import adapter from '@sveltejs/adapter-node';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	compilerOptions: {
		// Runes everywhere in our code; libraries decide for themselves.
		runes: ({ filename }) => (filename.split(/[/\\]/).includes('node_modules') ? undefined : true)
	},
	kit: {
		adapter: adapter(),
		/*
		 * Pages only (endpoints set their own). Scripts: our bundles plus SvelteKit's inline start-up
		 * script, allowed by a nonce per response (a hash for prerendered pages). Styles may be
		 * inline: the server renders `style:` directives as attributes, and tldraw sets style
		 * attributes, inserts rich-text HTML and a print stylesheet. Images: our own (the canvas
		 * images come from /api), plus the data: and blob: URLs tldraw makes while placing one.
		 * tldraw's fonts and icons are served from here too; it embeds the fonts as data: URLs
		 * when it exports a drawing, and fetches its translations, which Vite inlines as data:
		 * URLs when they are small (a data: URL sends nothing out). Nothing from other sites: the
		 * canvas turns links into bookmarks, not embedded frames (canvas/island.ts).
		 * `connect-src 'self'` covers the same-origin WebSocket (/yjs, socket.io) in browsers
		 * implementing CSP level 3.
		 */
		csp: {
			mode: 'auto',
			directives: {
				'default-src': ['self'],
				'script-src': ['self'],
				'style-src': ['self', 'unsafe-inline'],
				'img-src': ['self', 'data:', 'blob:'],
				'font-src': ['self', 'data:'],
				'connect-src': ['self', 'data:'],
				'object-src': ['none'],
				'base-uri': ['self'],
				'form-action': ['self'],
				'frame-ancestors': ['none']
			}
		},
		/*
		 * SvelteKit's Origin check covers form content types only and answers in plain text;
		 * hooks.server.ts checks every state-changing request instead (JSON errors under /api).
		 */
		csrf: { trustedOrigins: ['*'] },
		typescript: {
			config: (tsconfig) => {
				tsconfig.include.push('../server/**/*.ts', '../tests/**/*.ts', '../bench/**/*.ts');
				tsconfig.include.push('../drizzle.config.ts', '../playwright.config.ts');
			}
		}
	}
};

export default config;
