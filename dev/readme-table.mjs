// Writes the README's element reference from custom-elements.json, between the two marker comments,
// so the documentation is written once (in the elements' JSDoc) and never drifts.
// `node dev/readme-table.mjs --check` exits non-zero when the README is out of date.
import { readFileSync, writeFileSync } from 'node:fs';

const start = '<!-- elements:start (generated from custom-elements.json by dev/readme-table.mjs) -->';
const end = '<!-- elements:end -->';

const manifest = JSON.parse(readFileSync('custom-elements.json', 'utf8'));
const elements = manifest.modules
  .flatMap((module) => module.declarations ?? [])
  .filter((declaration) => declaration.customElement && declaration.tagName)
  .sort((a, b) => a.tagName.localeCompare(b.tagName));

const cell = (text = '') =>
  String(text)
    .replace(/\s*\n\s*/g, ' ')
    .replace(/\|/g, '\\|')
    .trim();

function section(element) {
  const lines = [`### \`<${element.tagName}>\``, '', cell(element.summary ?? element.description), ''];
  const attributes = element.attributes ?? [];
  const attributeFields = new Set(attributes.map((a) => a.fieldName));
  const properties = (element.members ?? []).filter(
    (m) => m.kind === 'field' && !m.static && !m.privacy && !attributeFields.has(m.name) && m.description,
  );
  const methods = (element.members ?? []).filter(
    (m) => m.kind === 'method' && !m.static && !m.privacy && m.description,
  );
  if (attributes.length) {
    lines.push('| Attribute | Property | Type | Default | Description |', '|---|---|---|---|---|');
    for (const a of attributes) {
      const field = (element.members ?? []).find((m) => m.name === a.fieldName);
      lines.push(
        `| \`${a.name}\` | \`${a.fieldName ?? ''}\` | ${cell(a.type?.text ?? field?.type?.text ?? '')} | ${cell(
          field?.default ?? a.default ?? '',
        )} | ${cell(a.description ?? field?.description)} |`,
      );
    }
    lines.push('');
  }
  if (properties.length || methods.length) {
    lines.push('| Property / method | Description |', '|---|---|');
    for (const p of properties) lines.push(`| \`${p.name}\` | ${cell(p.description)} |`);
    for (const m of methods) {
      const params = (m.parameters ?? []).map((p) => p.name).join(', ');
      lines.push(`| \`${m.name}(${params})\` | ${cell(m.description)} |`);
    }
    lines.push('');
  }
  const extras = [
    ['Event', element.events],
    ['Slot', element.slots],
    ['CSS part', element.cssParts],
    ['CSS custom property', element.cssProperties],
    ['CSS state', element.cssStates],
  ].filter(([, list]) => list?.length);
  if (extras.length) {
    lines.push('| Kind | Name | Description |', '|---|---|---|');
    for (const [kind, list] of extras) {
      for (const item of list)
        lines.push(`| ${kind} | \`${item.name || '(default)'}\` | ${cell(item.description)} |`);
    }
    lines.push('');
  }
  return lines.join('\n');
}

const table = [start, '', ...elements.map(section), end].join('\n');
const readme = readFileSync('README.md', 'utf8');
const from = readme.indexOf(start);
const to = readme.indexOf(end);
if (from < 0 || to < 0) {
  console.error(`README.md has no "${start}" … "${end}" markers; add them where the element reference goes.`);
  process.exit(1);
}
const updated = readme.slice(0, from) + table + readme.slice(to + end.length);
if (process.argv.includes('--check')) {
  if (updated !== readme) {
    console.error('README.md element reference is out of date: run `npm run analyze`.');
    process.exit(1);
  }
} else if (updated !== readme) {
  writeFileSync('README.md', updated);
  console.log(`README.md: element reference updated (${elements.length} elements).`);
}
