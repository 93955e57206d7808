/**
 * The JSON files a form offers: the record before sending ("Download JSON"), a copy of what was sent,
 * and the answers of an older draft that no longer fit. File names never hold personal data.
 */
import { localToday } from '@safety-forms/core/check';
import type { FormDefinition, Leftover } from '@safety-forms/core/runtime';

/** Saves `data` as a JSON file through an object URL, revoked once the download has had time to start. */
export function downloadJsonFile(name: string, data: unknown): void {
  const url = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  // The click has started the download by then; a second's grace costs nothing.
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** The record (the answers as they would be submitted) as `{formId}-{date}.json`. */
export function downloadRecord(form: Pick<FormDefinition, 'id' | 'version'>, data: unknown): void {
  const now = new Date();
  downloadJsonFile(`${form.id}-${localToday(now)}.json`, { formId: form.id, schemaVersion: form.version, exportedAt: now.toISOString(), data });
}

/** After "Form sent": what was sent, with its reference, as `{formId}-{reference or date}.json`. */
export function downloadSent(form: Pick<FormDefinition, 'id' | 'version'>, data: unknown, reference: string | undefined, submittedAt: string | undefined): void {
  const now = new Date();
  const record = { formId: form.id, schemaVersion: form.version, reference, submittedAt, exportedAt: now.toISOString(), data };
  const safe = reference?.replace(/[^A-Za-z0-9_-]+/g, '').slice(0, 40);
  downloadJsonFile(`${form.id}-${safe || localToday(now)}.json`, record);
}

/** The answers of an older draft that no longer fit the schema. */
export function downloadLeftovers(formId: string | undefined, leftovers: readonly Leftover[]): void {
  downloadJsonFile(`${formId ?? 'form'}-answers-that-no-longer-fit.json`, { formId, answers: leftovers });
}
