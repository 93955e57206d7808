/**
 * The sections of a form: the schema's top-level objects with a title each become sections, one on
 * screen at a time; any other schema is one untitled section. Shared by the section navigation, the
 * pages and "Check your answers".
 */
import { deref, getAt, setAt, typeOf, type FormSchema, type JsonObject } from '@safety-forms/core/runtime';

/** One section of a form: its key in the answers (null for a form of one untitled section), title and schema. */
export interface Section {
  key: string | null;
  title: string;
  description?: string;
  schema: FormSchema;
}

/** Which page of the form is on screen: a section of questions, or "Check your answers". */
export type View = 'section' | 'check';

/** The sections of `root`, their text as shown (`text`, e.g. the document's own wording). */
export function sectionsOf(root: FormSchema, text: (value: string) => string): Section[] {
  const form = deref(root, root);
  const entries = Object.entries(form.properties ?? {}).map(([key, s]) => [key, deref(root, s)] as const);
  if (entries.length && entries.every(([, s]) => typeOf(s) === 'object' && s.title)) {
    return entries.map(([key, s]) => ({ key, title: text(s.title!), description: s.description === undefined ? undefined : text(s.description), schema: s }));
  }
  return [{ key: null, title: form.title ?? '', schema: form }];
}

/** Whether a value holds an answer: not empty, nor an object or list of empty values. */
export function hasAnswer(value: unknown): boolean {
  if (value === undefined || value === null || value === '') return false;
  if (Array.isArray(value)) return value.some(hasAnswer);
  if (typeof value === 'object') return Object.values(value).some(hasAnswer);
  return true;
}

/** How many sections hold an answer, leaving out `fixed` pointers (values the element sets itself, not the user). */
export function answeredSections(sections: readonly Section[], data: JsonObject, fixed: readonly string[]): number {
  const answers = fixed.reduce<JsonObject>((d, p) => setAt(d, p, undefined), data);
  return sections.filter((sec) => sec.key && hasAnswer(getAt(answers, [sec.key]))).length;
}
