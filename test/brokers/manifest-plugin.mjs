// A server command that builds custom-elements.json from the current source into a scratch
// directory and returns it, so tests can check what the documentation will say (its examples)
// without depending on a manifest left over from an earlier build.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

async function buildManifest() {
  const dir = mkdtempSync(join(tmpdir(), 'mqtt-elements-manifest-'));
  try {
    const projectConfig = pathToFileURL(resolve('custom-elements-manifest.config.mjs')).href;
    // The project's configuration writing elsewhere: the analyzer joins outdir to the working
    // directory, and would also rewrite package.json's "customElements" unless told not to.
    const outdir = relative(process.cwd(), dir);
    writeFileSync(
      join(dir, 'config.mjs'),
      `import config from ${JSON.stringify(projectConfig)};\n` +
        `export default { ...config, outdir: ${JSON.stringify(outdir)}, packagejson: false };\n`,
    );
    await new Promise((done, fail) => {
      const child = spawn(
        process.execPath,
        [resolve('node_modules/.bin/cem'), 'analyze', '--config', join(dir, 'config.mjs')],
        {
          stdio: ['ignore', 'ignore', 'pipe'],
        },
      );
      let stderr = '';
      child.stderr.on('data', (chunk) => (stderr += chunk));
      child.on('error', fail);
      child.on('exit', (code) =>
        code === 0 ? done(undefined) : fail(new Error(`cem analyze failed:\n${stderr}`)),
      );
    });
    return JSON.parse(readFileSync(join(dir, 'custom-elements.json'), 'utf8'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function manifestPlugin() {
  return {
    name: 'mqtt-custom-elements-manifest',
    async executeCommand({ command }) {
      if (command !== 'custom-elements-manifest') return undefined;
      return buildManifest();
    },
  };
}
