// Reads the value a wrapped control stands for, and which DOM event makes it publish by default.

export type Control =
  HTMLButtonElement | HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement | HTMLFormElement;

/** The event that publishes from `control` when no `event` attribute is set. */
export function defaultEventOf(control: Control): string {
  if (control instanceof HTMLFormElement) return 'submit';
  if (control instanceof HTMLButtonElement) return 'click';
  if (control instanceof HTMLInputElement && ['button', 'submit', 'reset', 'image'].includes(control.type)) {
    return 'click';
  }
  return 'change';
}

/** The control an event came from, if it is one we publish from. */
export function controlOf(event: Event, host: Element): Control | undefined {
  for (const node of event.composedPath()) {
    if (node === host) return undefined;
    if (
      node instanceof HTMLButtonElement ||
      node instanceof HTMLInputElement ||
      node instanceof HTMLSelectElement ||
      node instanceof HTMLTextAreaElement ||
      node instanceof HTMLFormElement
    ) {
      return node;
    }
  }
  return undefined;
}

export interface CheckboxPayloads {
  on: string;
  off: string;
}

/**
 * The value of a control: numbers for number and range inputs, the on/off payload for checkboxes,
 * the chosen radio button's value,
 * an object of the named fields for a form, the text value otherwise. `undefined` when the control
 * stands for no value (a button without a `value`).
 */
export function valueOf(control: Control, checkbox: CheckboxPayloads): unknown {
  if (control instanceof HTMLFormElement) return formObject(control);
  if (control instanceof HTMLInputElement) {
    if (control.type === 'checkbox') return control.checked ? checkbox.on : checkbox.off;
    // A radio button fires change only when it becomes the chosen one: its value is the choice.
    if (control.type === 'radio') return control.checked ? control.value : undefined;
    if (control.type === 'number' || control.type === 'range') {
      return control.value === '' ? undefined : control.valueAsNumber;
    }
    if (control.type === 'button' || control.type === 'submit') return control.value || undefined;
    return control.value;
  }
  if (control instanceof HTMLButtonElement) return control.getAttribute('value') ?? undefined;
  return control.value;
}

function formObject(form: HTMLFormElement): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const field of Array.from(form.elements)) {
    if (!(
      field instanceof HTMLInputElement ||
      field instanceof HTMLSelectElement ||
      field instanceof HTMLTextAreaElement
    )) {
      continue;
    }
    if (!field.name || field.disabled) continue;
    if (field instanceof HTMLInputElement) {
      if (field.type === 'checkbox') result[field.name] = field.checked;
      else if (field.type === 'radio') {
        if (field.checked) result[field.name] = field.value;
      } else if (field.type === 'number' || field.type === 'range') {
        result[field.name] = field.value === '' ? null : field.valueAsNumber;
      } else if (!['button', 'submit', 'reset', 'image', 'file'].includes(field.type)) {
        result[field.name] = field.value;
      }
    } else {
      result[field.name] = field.value;
    }
  }
  return result;
}
