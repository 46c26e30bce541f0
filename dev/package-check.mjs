// Checks the package a user installs, from the tarball `npm pack` makes:
// - it holds what users need (the ES modules and their types, the CDN bundles, the framework types,
//   the editor data, the manifest, the README) and none of the repository's own files;
// - every file package.json points to is in it, and every `exports` entry, wildcards expanded for each
//   element, resolves to a file in it (JavaScript in Node, types in TypeScript);
// - every import path the documentation and the examples name ("mqtt-elements/chart", …) resolves;
// - publint finds nothing, and @arethetypeswrong/cli finds no type-resolution problem for ES-module
//   users (the package is ESM only: `require()` is not offered).
//
//   npm run check:package      (packing runs prepack, which builds what the package holds)
import { execFileSync, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const problems = [];
const problem = (message) => problems.push(message);

// Files a user needs; each pattern must match at least one packed file.
const required = [
  /^package\.json$/,
  /^README\.md$/,
  /^custom-elements\.json$/,
  /^dist\/index\.js$/,
  /^dist\/index\.d\.ts$/,
  /^dist\/define\.js$/,
  /^dist\/chart\.js$/,
  /^dist\/frameworks\/(react|vue|svelte)\.d\.ts$/,
  /^dist\/editors\/vscode\.html-custom-data\.json$/,
  /^dist\/editors\/web-types\.json$/,
  /^cdn\/mqtt-elements\.js$/,
];
// Files a user must never get: tests, stories, the Storybook build, the repository's tooling.
const forbidden = [
  /(^|\/)test(s)?\//,
  /\.test\.[cm]?[jt]s$/,
  /\.stories\.[jt]s$/,
  /^stories\//,
  /^storybook-static\//,
  /^\.storybook\//,
  /^(dev|bench|demo|examples|build|\.ci|docs)\//,
  /(^|\/)node_modules\//,
  /\.tgz$/,
  /\.tsbuildinfo$/,
  /^src\//,
];

function pack() {
  const directory = mkdtempSync(join(tmpdir(), 'mqtt-elements-package-'));
  // As `npm publish` packs: prepack builds the bundles, the manifest and the generated types first. Its
  // output shares stdout with the JSON report, which is the last thing printed.
  const output = execFileSync('npm', ['pack', '--json', '--pack-destination', directory], {
    cwd: ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const report = output.slice(output.lastIndexOf('\n[\n') + 1);
  const [{ filename, files }] = JSON.parse(report.startsWith('[') ? report : output);
  return { directory, tarball: join(directory, filename), files: files.map((file) => file.path) };
}

function checkContents(files) {
  for (const pattern of required) {
    if (!files.some((file) => pattern.test(file))) problem(`the package has no file matching ${pattern}`);
  }
  for (const file of files) {
    if (forbidden.some((pattern) => pattern.test(file)))
      problem(`the package ships ${file}, which users do not need`);
  }
}

/**
 * Every subpath users may import: the exports keys, with each wildcard expanded once per element folder
 * (`elements/*.js` maps to `dist/elements/<folder>/<folder>.js`) and once per CDN bundle.
 */
function entryPoints(packageJson) {
  const folders = readdirSync(join(ROOT, 'src/elements'));
  const cdnFiles = readdirSync(join(ROOT, 'cdn')).filter((file) => file.endsWith('.js'));
  const manifest = JSON.parse(readFileSync(join(ROOT, 'custom-elements.json'), 'utf8'));
  const withoutFolder = manifest.modules
    .flatMap((module) => module.declarations ?? [])
    .filter((declaration) => declaration.customElement && declaration.tagName)
    .map((declaration) => declaration.tagName)
    .filter((tag) => !folders.includes(tag));
  if (withoutFolder.length) {
    console.log(
      `  note: ${withoutFolder.map((tag) => `<${tag}>`).join(', ')} has no folder of its own under src/elements, ` +
        'so mqtt-elements/elements/<tag>.js does not reach it; it is importable through its entry only.',
    );
  }
  return Object.keys(packageJson.exports).flatMap((key) => {
    if (!key.includes('*')) return [key];
    const values = key.startsWith('./cdn/') ? cdnFiles : folders;
    if (!values.length) problem(`the exports entry "${key}" matches nothing`);
    return values.map((value) => key.replace('*', value));
  });
}

/** The import paths the documentation, the element docs and the examples tell users to write. */
function documentedImports() {
  const sources = [
    'README.md',
    ...walk('docs', /\.md$/),
    ...walk('src', /\.ts$/),
    ...walk('examples', /\.(ts|tsx|vue|svelte|json)$/),
  ];
  const found = new Map();
  const patterns = [
    // import … from 'mqtt-elements/x'; import 'mqtt-elements/x'; import('mqtt-elements/x')
    /(?:\bfrom\s*|\bimport\s*\(?\s*)['"](mqtt-elements(?:\/[^'"\s]*)?)['"]/g,
    // `mqtt-elements/x` named in prose or JSDoc
    /`(mqtt-elements\/[\w./-]+)`/g,
    // "types": ["mqtt-elements/react"] in a tsconfig
    /"types"\s*:\s*\[[^\]]*\]/g,
  ];
  for (const source of sources) {
    const text = readFileSync(join(ROOT, source), 'utf8');
    for (const pattern of patterns) {
      for (const match of text.matchAll(pattern)) {
        const specifiers = match[1]
          ? [match[1]]
          : [...match[0].matchAll(/"(mqtt-elements(?:\/[^"]*)?)"/g)].map((m) => m[1]);
        for (const specifier of specifiers) {
          if (!found.has(specifier)) found.set(specifier, source);
        }
      }
    }
  }
  return found;
}

function walk(directory, pattern) {
  const absolute = join(ROOT, directory);
  if (!existsSync(absolute)) return [];
  return readdirSync(absolute, { recursive: true })
    .map((file) => join(directory, file))
    .filter(
      (file) =>
        pattern.test(file) &&
        !/(^|\/)(node_modules|dist)\//.test(file) &&
        statSync(join(ROOT, file)).isFile(),
    );
}

/** Installs the tarball into a scratch project and resolves each specifier as Node and TypeScript do. */
function checkResolution(directory, tarball, specifiers) {
  const project = join(directory, 'project');
  const target = join(project, 'node_modules/mqtt-elements');
  mkdirSync(target, { recursive: true });
  execFileSync('tar', ['-xzf', tarball, '-C', target, '--strip-components=1']);
  writeFileSync(join(project, 'package.json'), '{ "type": "module" }\n');
  // import.meta.resolve applies the exports map without loading the module (or its dependencies).
  const script = join(project, 'resolve.mjs');
  writeFileSync(
    script,
    'import { existsSync } from "node:fs";\n' +
      'import { fileURLToPath } from "node:url";\n' +
      'const result = {};\n' +
      'for (const specifier of JSON.parse(process.argv[2])) {\n' +
      '  try { const path = fileURLToPath(import.meta.resolve(specifier)); result[specifier] = existsSync(path) ? path : `resolves to ${path}, which is missing`; }\n' +
      '  catch (error) { result[specifier] = `does not resolve: ${error.code ?? error.message}`; }\n' +
      '}\n' +
      'console.log(JSON.stringify(result));\n',
  );
  const resolved = JSON.parse(
    execFileSync(process.execPath, [script, JSON.stringify([...specifiers.keys()])], {
      cwd: project,
      encoding: 'utf8',
    }),
  );
  const typesOptions = { module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler };
  const containingFile = join(project, 'index.ts');
  for (const [specifier, where] of specifiers) {
    const javascript = resolved[specifier];
    if (!javascript.startsWith(target)) {
      problem(`"${specifier}" (named in ${where}) ${javascript}`);
      continue;
    }
    if (/\.(js|mjs)$/.test(javascript)) {
      const types = ts.resolveModuleName(specifier, containingFile, typesOptions, ts.sys).resolvedModule;
      const cdn = relative(target, javascript).startsWith('cdn/');
      if (!cdn && !types?.resolvedFileName.endsWith('.d.ts')) {
        problem(`"${specifier}" (named in ${where}) has no type declarations`);
      }
    }
  }
}

function run(label, command, args) {
  const result = spawnSync(command, args, { cwd: ROOT, encoding: 'utf8' });
  const output = `${result.stdout}${result.stderr}`.trim();
  if (result.status !== 0) problem(`${label} failed:\n${output}`);
  else console.log(`  ${label}: passed`);
}

const started = Date.now();
const packageJson = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const { directory, tarball, files } = pack();
try {
  checkContents(files);
  for (const field of ['main', 'module', 'types', 'unpkg', 'jsdelivr', 'customElements', 'web-types']) {
    const path = packageJson[field]?.replace(/^\.\//, '');
    if (path && !files.includes(path))
      problem(`package.json "${field}" is ${path}, which is not in the package`);
  }
  const specifiers = new Map(
    entryPoints(packageJson).map((key) => [key.replace(/^\./, 'mqtt-elements'), 'package.json exports']),
  );
  const documented = documentedImports();
  for (const [specifier, where] of documented)
    if (!specifiers.has(specifier)) specifiers.set(specifier, where);
  checkResolution(directory, tarball, specifiers);
  console.log(
    `  ${files.length} files packed; ${specifiers.size} import paths resolve (${documented.size} named in the docs and examples)`,
  );

  run('publint', 'npx', ['publint', 'run', tarball, '--strict']);
  const elementEntries = [...specifiers.keys()]
    .filter((specifier) => specifier.startsWith('mqtt-elements/elements/'))
    .map((specifier) => specifier.replace(/^mqtt-elements/, '.'));
  run('@arethetypeswrong/cli', 'npx', [
    'attw',
    tarball,
    '--profile',
    'esm-only',
    '--format',
    'ascii',
    '--include-entrypoints',
    ...elementEntries,
  ]);
} finally {
  rmSync(directory, { recursive: true, force: true });
}

if (problems.length) {
  console.error(`\n✗ package check: ${problems.length} problem(s)\n- ${problems.join('\n- ')}`);
  process.exit(1);
}
console.log(`package check passed (${((Date.now() - started) / 1000).toFixed(1)} s)`);
