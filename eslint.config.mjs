// Lint: TypeScript, Lit and web-component rules; Prettier owns formatting.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import lit from 'eslint-plugin-lit';
import wc from 'eslint-plugin-wc';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'dist/',
      'cdn/',
      'storybook-static/',
      'test-results/',
      '.bench/',
      'examples/*/dist/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['src/**/*.ts', 'test/**/*.ts', 'stories/**/*.ts', 'bench/**/*.ts'],
    plugins: { lit, wc },
    rules: {
      ...lit.configs.recommended.rules,
      ...wc.configs.recommended.rules,
      ...wc.configs['best-practice'].rules,
      // Our elements take their tag from the define() call in their folder's define.ts.
      'wc/tag-name-matches-class': 'off',
      // LitElement always implements connectedCallback/disconnectedCallback, so super calls are safe.
      'wc/guard-super-call': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
    settings: { wc: { elementBaseClasses: ['LitElement', 'MqttElement'] } },
  },
  {
    // The core is plain TypeScript for any runtime: no Lit, no DOM-facing layer above it.
    files: ['src/core/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['lit', 'lit/*', '@lit/*'],
              message: 'src/core stays free of Lit: put this in a controller.',
            },
            {
              group: ['**/controllers/*', '**/elements/*', '**/internal/*', '**/context/*', '**/events.js'],
              message: 'Data flows one way: src/core must not import the layers built on it.',
            },
          ],
        },
      ],
    },
  },
  {
    // Elements and controllers reach MQTT only through the connection core; type imports are fine.
    files: ['src/elements/**/*.ts', 'src/controllers/**/*.ts', 'src/internal/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'mqtt',
              allowTypeImports: true,
              message: 'Only the connection core talks to MQTT.js: use the ConnectionCore interface.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.mjs', '.ci/**', 'dev/**'],
    // Node scripts; some hand functions to page.evaluate(), which run in the browser.
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
  {
    files: ['demo/**/*.js'],
    languageOptions: { globals: globals.browser },
  },
  prettier,
);
