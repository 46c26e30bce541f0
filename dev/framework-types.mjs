// Writes the package's React, Vue and Svelte type entries (dist/frameworks/*.d.ts) from
// custom-elements.json, so that every tag, property, attribute and event an element documents is typed
// in each framework's templates, and a new element or attribute is typed the moment its JSDoc exists.
//
// Property types are not copied from the manifest (its type texts name types the file could not see);
// each property is picked from the element class itself (`Pick<MqttSwitch, 'stateTopic'>`), and each
// event handler takes the event class registered in HTMLElementEventMap. A manifest entry the class does
// not have, or an event that is not registered, is therefore a type error in the generated file, which
// the framework check (dev/framework-check.mjs) finds: it type-checks the file without skipLibCheck.
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, posix } from 'node:path';

const outputDirectory = 'dist/frameworks';
const manifest = JSON.parse(readFileSync('custom-elements.json', 'utf8'));

/** Every element of the manifest with what the frameworks need to know about it. */
function describeElements(customElementsManifest) {
  return customElementsManifest.modules
    .flatMap((module) =>
      (module.declarations ?? [])
        .filter((declaration) => declaration.customElement && declaration.tagName)
        .map((declaration) => ({ module: module.path, declaration })),
    )
    .sort((a, b) => a.declaration.tagName.localeCompare(b.declaration.tagName))
    .map(({ module, declaration }) => {
      const members = declaration.members ?? [];
      // What a template may set: public, writable instance fields (getters without setters are
      // marked readonly by the analyzer).
      const properties = members.filter(
        (member) =>
          member.kind === 'field' &&
          !member.static &&
          !member.readonly &&
          !member.privacy &&
          !member.name.startsWith('#'),
      );
      const propertyNames = new Set(properties.map((member) => member.name));
      // Attributes spelled differently from their property (`client-id` for `clientId`): frameworks
      // set these as attributes, so they take a string as well as the property's own type.
      const dashedAttributes = (declaration.attributes ?? []).filter(
        (attribute) => attribute.fieldName && attribute.name !== attribute.fieldName,
      );
      for (const attribute of dashedAttributes) {
        if (!propertyNames.has(attribute.fieldName)) {
          // Typed as a plain string rather than failing the build; said once so that it gets fixed.
          console.warn(
            `framework types: <${declaration.tagName}> attribute "${attribute.name}" names the property ` +
              `"${attribute.fieldName}", which is not a public writable field; it is typed as a string.`,
          );
        }
      }
      return {
        tagName: declaration.tagName,
        className: declaration.name,
        summary: declaration.summary ?? declaration.description ?? '',
        // The declaration file tsc writes next to the class's JavaScript in dist/.
        typesModule: posix.relative(
          outputDirectory,
          posix.join('dist', module.replace(/^src\//, '').replace(/\.ts$/, '.js')),
        ),
        properties: properties.map((member) => member.name).sort(),
        dashedAttributes: dashedAttributes.map((attribute) => ({
          name: attribute.name,
          fieldName: propertyNames.has(attribute.fieldName) ? attribute.fieldName : undefined,
          description: attribute.description ?? '',
        })),
        events: [...new Set((declaration.events ?? []).map((event) => event.name))].sort(),
        eventDescriptions: Object.fromEntries(
          (declaration.events ?? []).map((event) => [event.name, event.description ?? '']),
        ),
      };
    });
}

/**
 * The sources that add events to HTMLElementEventMap, as modules beside the generated files. Imported
 * for their declarations alone: an element's .d.ts does not import an event module whose class its
 * public surface never names, and without the import the event's entry would be missing.
 */
const eventRegistrations = readdirSync('src', { recursive: true })
  .map((file) => posix.join('src', file.split('\\').join('/')))
  .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'))
  .filter((file) => /interface HTMLElementEventMap\b/.test(readFileSync(file, 'utf8')))
  .map((file) =>
    posix.relative(outputDirectory, posix.join('dist', file.replace(/^src\//, '').replace(/\.ts$/, '.js'))),
  )
  .sort();

const relativeImport = (path) => (path.startsWith('.') ? path : `./${path}`);

/** A JSDoc block, indented; `*\/` inside a description cannot end it early. */
function jsdoc(text, indent = '  ') {
  const lines = String(text).trim().replace(/\*\//g, '*\\/').split(/\r?\n/);
  if (!lines[0]) return '';
  return `${indent}/**\n${lines.map((line) => `${indent} * ${line.trim()}`.trimEnd()).join('\n')}\n${indent} */\n`;
}

function header(framework, elements, frameworkImport) {
  const imports = elements
    .map((element) => `import type { ${element.className} } from '${relativeImport(element.typesModule)}';`)
    .join('\n');
  return `// Types of the mqtt-elements tags for ${framework}. Generated from custom-elements.json by
// dev/framework-types.mjs during \`npm run build\`: do not edit.
${frameworkImport}
${imports}
// The modules that register the elements' events in HTMLElementEventMap.
${eventRegistrations.map((module) => `import '${relativeImport(module)}';`).join('\n')}
`;
}

const union = (names) => (names.length ? names.map((name) => `'${name}'`).join(' | ') : 'never');

function attributeType(element, indent) {
  if (!element.dashedAttributes.length) return '{}';
  const lines = element.dashedAttributes.map(
    (attribute) =>
      `${jsdoc(attribute.description, indent)}${indent}'${attribute.name}'?: string${
        attribute.fieldName ? ` | ${element.className}['${attribute.fieldName}']` : ''
      };`,
  );
  return `{\n${lines.join('\n')}\n${indent.slice(2)}}`;
}

function eventHandlerType(element, indent, name) {
  if (!element.events.length) return '{}';
  const lines = element.events.map(
    (event) =>
      `${jsdoc(element.eventDescriptions[event], indent)}${indent}'${name(event)}'?: (event: HTMLElementEventMap['${event}']) => void;`,
  );
  return `{\n${lines.join('\n')}\n${indent.slice(2)}}`;
}

function eventMapType(element, indent) {
  if (!element.events.length) return '{}';
  const lines = element.events.map((event) => `${indent}'${event}': HTMLElementEventMap['${event}'];`);
  return `{\n${lines.join('\n')}\n${indent.slice(2)}}`;
}

// React 19 sets a property when the element has one of that name, else an attribute, and listens to
// `on` + the exact event name.
function reactTypes(elements) {
  const entries = elements.map(
    (element) =>
      `${jsdoc(element.summary)}  '${element.tagName}': MqttElementProps<\n    ${element.className},\n    ${union(
        element.properties,
      )},\n    ${attributeType(element, '      ')},\n    ${eventHandlerType(element, '      ', (event) => `on${event}`)}\n  >;`,
  );
  return `${header('React 19', elements, "import type { HTMLAttributes, RefAttributes } from 'react';")}
/** The element's properties, its dashed attributes and an \`on<event-name>\` handler per event. */
type MqttElementProps<Element, Property extends keyof Element, Attributes, Handlers> = Omit<
  HTMLAttributes<Element>,
  Property | keyof Attributes | keyof Handlers
> &
  RefAttributes<Element> &
  Partial<Pick<Element, Property>> &
  Attributes &
  Handlers;

/** Every mqtt-elements tag with its props, as React's JSX sees them. */
export interface MqttElementsIntrinsicElements {
${entries.join('\n')}
}

declare module 'react' {
  namespace JSX {
    interface IntrinsicElements extends MqttElementsIntrinsicElements {}
  }
}
`;
}

// Vue binds a property when the element has it (\`:prop\`), an attribute otherwise, and \`@event-name\`
// listens; vue-tsc reads a global component's \`$props\` for both and \`$emit\` for the events.
function vueTypes(elements) {
  const entries = elements.map(
    (element) =>
      `${jsdoc(element.summary)}  '${element.tagName}': MqttElementComponent<\n    ${element.className},\n    ${union(
        element.properties,
      )},\n    ${attributeType(element, '      ')},\n    ${eventMapType(element, '      ')}\n  >;`,
  );
  return `${header('Vue 3', elements, "import type { EmitFn, HTMLAttributes, PublicProps } from 'vue';")}
/** \`onMqttMessage\` for \`mqtt-message\`: how Vue names the listener prop of \`@mqtt-message\`. */
type ListenerName<EventName extends string> = EventName extends \`\${infer Head}-\${infer Tail}\`
  ? ListenerName<\`\${Head}\${Capitalize<Tail>}\`>
  : \`on\${Capitalize<EventName>}\`;

type Listeners<Events extends Record<string, Event>> = {
  [EventName in keyof Events & string as ListenerName<EventName>]?: (event: Events[EventName]) => void;
};

/** A custom element as a Vue global component: its props are the element's properties and attributes. */
type MqttElementComponent<
  Element,
  Property extends keyof Element,
  Attributes,
  Events extends Record<string, Event>,
> = new () => Element & {
  $props: Omit<HTMLAttributes, Property | keyof Attributes> &
    PublicProps &
    Partial<Pick<Element, Property>> &
    Attributes &
    Listeners<Events>;
  $emit: EmitFn<{ [EventName in keyof Events]: (event: Events[EventName]) => void }>;
};

/** Every mqtt-elements tag as a Vue global component. */
export interface MqttElementsGlobalComponents {
${entries.join('\n')}
}

declare module 'vue' {
  interface GlobalComponents extends MqttElementsGlobalComponents {}
}
`;
}

// Svelte 5 sets a property when the element has it, an attribute otherwise, and \`onevent-name\`
// listens (the \`on:event-name\` directive is deprecated).
function svelteTypes(elements) {
  const entries = elements.map(
    (element) =>
      `${jsdoc(element.summary)}  '${element.tagName}': MqttElementAttributes<\n    ${element.className},\n    ${union(
        element.properties,
      )},\n    ${attributeType(element, '      ')},\n    ${eventHandlerType(element, '      ', (event) => `on${event}`)}\n  >;`,
  );
  return `${header('Svelte 5', elements, "import type { HTMLAttributes } from 'svelte/elements';")}
/** The element's properties, its dashed attributes and an \`on<event-name>\` handler per event. */
type MqttElementAttributes<Element extends EventTarget, Property extends keyof Element, Attributes, Handlers> = Omit<
  HTMLAttributes<Element>,
  Property | keyof Attributes | keyof Handlers
> &
  Partial<Pick<Element, Property>> &
  Attributes &
  Handlers;

/** Every mqtt-elements tag with its attributes, as Svelte's templates see them. */
export interface MqttElementsSvelteElements {
${entries.join('\n')}
}

declare module 'svelte/elements' {
  interface SvelteHTMLElements extends MqttElementsSvelteElements {}
}
`;
}

const runtimeStub = (framework) =>
  `// The ${framework} types of mqtt-elements live in the .d.ts beside this file; importing this module does nothing.\nexport {};\n`;

const elements = describeElements(manifest);
const outputs = {
  react: reactTypes(elements),
  vue: vueTypes(elements),
  svelte: svelteTypes(elements),
};
mkdirSync(outputDirectory, { recursive: true });
for (const [framework, types] of Object.entries(outputs)) {
  writeFileSync(join(outputDirectory, `${framework}.d.ts`), types);
  writeFileSync(join(outputDirectory, `${framework}.js`), runtimeStub(framework));
}
console.log(
  `framework types: ${elements.length} elements → ${Object.keys(outputs)
    .map((framework) => join(outputDirectory, `${framework}.d.ts`))
    .join(', ')}`,
);
