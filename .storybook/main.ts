// Storybook's build configuration: web components on Vite, stories from stories/, no telemetry.
import { createRequire } from 'node:module';
import type { StorybookConfig } from '@storybook/web-components-vite';

const require = createRequire(import.meta.url);

/** True when `name` can be loaded from this project, so an optional addon is used only once installed. */
function installed(name: string): boolean {
  try {
    require.resolve(`${name}/package.json`);
    return true;
  } catch {
    return false;
  }
}

const config: StorybookConfig = {
  framework: { name: '@storybook/web-components-vite', options: {} },
  stories: ['../stories/**/*.stories.ts'],
  // The Docs pages (autodocs) live in @storybook/addon-docs; without it the Controls panel still lists
  // every attribute from custom-elements.json, so the site works either way.
  addons: installed('@storybook/addon-docs') ? ['@storybook/addon-docs'] : [],
  core: { disableTelemetry: true },
  // The "Get started" checklist teaches Storybook itself; here it only crowds the element list.
  features: { sidebarOnboardingChecklist: false },
  async viteFinal(viteConfig) {
    const { defaultClientConditions } = await import('vite');
    const conditions = viteConfig.resolve?.conditions ?? defaultClientConditions;
    // mqtt's `exports` map `browser` to its prebuilt ES module; its default entry is the Node build,
    // which throws `exports is not defined` in a page. Vite lists `browser` today; say so explicitly
    // so that a change of defaults cannot silently bring the Node build back.
    viteConfig.resolve = { ...viteConfig.resolve, conditions: [...new Set([...conditions, 'browser'])] };
    return viteConfig;
  },
};

export default config;
