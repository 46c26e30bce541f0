// Storybook's build configuration: web components on Vite, stories from stories/, no telemetry.
import type { StorybookConfig } from '@storybook/web-components-vite';

const config: StorybookConfig = {
  framework: { name: '@storybook/web-components-vite', options: {} },
  stories: ['../stories/**/*.stories.ts'],
  // Docs pages (autodocs) built from custom-elements.json.
  addons: ['@storybook/addon-docs'],
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
