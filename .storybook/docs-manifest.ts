// Turns custom-elements.json into what Storybook's docs and controls should list: the public contract only.

interface Member {
  kind?: string;
  name?: string;
  privacy?: string;
  static?: boolean;
  description?: string;
}
interface Attribute {
  fieldName?: string;
}
interface Declaration {
  tagName?: string;
  description?: string;
  members?: Member[];
  attributes?: Attribute[];
  cssStates?: { name: string; description?: string }[];
}
interface Manifest {
  modules?: { declarations?: Declaration[] }[];
}

/**
 * Storybook lists every field of the class as a property, including `#private` ones, and lists a
 * property backed by an attribute twice. Keeps undocumented fields out, keeps one row per attribute,
 * and adds the CSS states (which Storybook has no table for) to the element's description.
 */
export function manifestForDocs(manifest: Manifest): Manifest {
  return {
    ...manifest,
    modules: manifest.modules?.map((module) => ({
      ...module,
      declarations: module.declarations?.map((declaration) => {
        if (!declaration.tagName) return declaration;
        const attributeFields = new Set(declaration.attributes?.map((attribute) => attribute.fieldName));
        const members = declaration.members?.filter(
          (member) =>
            !member.static &&
            !member.privacy &&
            !member.name?.startsWith('#') &&
            !attributeFields.has(member.name) &&
            (member.kind !== 'field' || Boolean(member.description)),
        );
        const states = declaration.cssStates ?? [];
        const stateList = states.map(
          (state) => `- \`:state(${state.name})\`, \`[${state.name}]\`: ${state.description ?? ''}`,
        );
        const description = states.length
          ? `${declaration.description ?? ''}\n\nStates for CSS:\n\n${stateList.join('\n')}`
          : declaration.description;
        return { ...declaration, members, description };
      }),
    })),
  };
}
