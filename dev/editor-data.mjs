// Writes the editor data that makes `<mqtt-` complete tags, attributes and their values in a plain
// .html file, from custom-elements.json: VS Code's HTML custom data and JetBrains' web-types (which
// JetBrains IDEs find through the "web-types" field of package.json). Runs in `npm run analyze`.
import { readFileSync } from 'node:fs';
import { generateJetBrainsWebTypes } from 'custom-element-jet-brains-integration';
import { generateVsCodeCustomElementData } from 'custom-element-vs-code-integration';

const outdir = 'dist/editors';
const manifest = JSON.parse(readFileSync('custom-elements.json', 'utf8'));

// The manifest names TypeScript sources; the package ships their JavaScript in dist/.
const shippedModule = (modulePath) => `./dist/${modulePath.replace(/^src\//, '').replace(/\.ts$/, '.js')}`;

generateVsCodeCustomElementData(structuredClone(manifest), {
  outdir,
  htmlFileName: 'vscode.html-custom-data.json',
  cssFileName: 'vscode.css-custom-data.json',
  hideLogs: true,
});
generateJetBrainsWebTypes(structuredClone(manifest), {
  outdir,
  webTypesFileName: 'web-types.json',
  packageJson: false,
  modulePathTemplate: (_name, modulePath) => shippedModule(modulePath),
  hideLogs: true,
});
console.log(
  `editor data: ${outdir}/vscode.html-custom-data.json, ${outdir}/vscode.css-custom-data.json, ${outdir}/web-types.json`,
);
