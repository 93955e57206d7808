/**
 * GOV.UK date input (day, month, year) and date-time (the same plus a time). What the user types is
 * kept as raw parts, so an unfinished or impossible date (31 2 2026, month 13, year 0000) stays on
 * screen while the value carries it as a string the validator refuses with a clear message.
 */
import { getAt } from '@safety-forms/core/runtime';
import { html, nothing } from 'lit';
import { live } from 'lit/directives/live.js';
import type { FieldContext } from './host.js';
import { ariaInvalid, describedBy, errorMessage, groupClass, groupPart, hint, inputPart, title } from './parts.js';

type Parts = { day: string; month: string; year: string; time?: string };

const pad = (s: string) => (/^\d$/.test(s) ? `0${s}` : s);

/** The parts of a stored date or date-time, for display. */
export function partsOf(value: unknown, withTime: boolean): Parts {
  const s = typeof value === 'string' ? value : '';
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}))?/.exec(s);
  if (!m) return { day: '', month: '', year: '', ...(withTime ? { time: '' } : {}) };
  const unpad = (x: string) => String(Number(x));
  return {
    day: unpad(m[3]!),
    month: unpad(m[2]!),
    year: m[1]!,
    ...(withTime ? { time: m[4] ? `${m[4]}:${m[5]}` : '' } : {}),
  };
}

/** The offset of local time at that moment, as `+01:00`. */
function offsetAt(year: number, month: number, day: number, hour: number, minute: number): string {
  const minutes = -new Date(year, month - 1, day, hour, minute).getTimezoneOffset();
  const sign = minutes >= 0 ? '+' : '-';
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/**
 * The stored value for typed parts: `YYYY-MM-DD` (or RFC 3339 date-time with the local offset) when
 * the parts are well formed; otherwise the parts joined as typed, which the validator refuses; or
 * undefined when every part is empty.
 */
export function valueOf(parts: Parts, withTime: boolean): string | undefined {
  const day = parts.day.trim();
  const month = parts.month.trim();
  const year = parts.year.trim();
  const time = (parts.time ?? '').trim();
  if (!day && !month && !year && !time) return undefined;
  const date = `${year}-${pad(month)}-${pad(day)}`;
  if (!withTime) return date;
  const t = /^(\d{1,2})[:.](\d{2})$/.exec(time);
  if (!t || !/^\d{4}-\d{2}-\d{2}$/.test(date)) return `${date}T${time}`;
  const hh = t[1]!.padStart(2, '0');
  const [y, mo, d] = date.split('-').map(Number) as [number, number, number];
  return `${date}T${hh}:${t[2]}:00${offsetAt(y, mo, d, Number(hh), Number(t[2]))}`;
}

export function dateInput(ctx: FieldContext, withTime: boolean) {
  const { host, pointer } = ctx;
  const parts: Parts = (host.rawParts(pointer) as Parts | undefined) ?? partsOf(ctx.value, withTime);
  const update = (key: keyof Parts, commit: boolean) => (e: Event) => {
    // Read the parts now, not at render time: several boxes may change before the next render.
    const current = (host.rawParts(pointer) as Parts | undefined) ?? partsOf(getAt(host.data, pointer), withTime);
    const next = { ...current, [key]: (e.target as HTMLInputElement).value };
    host.setRawParts(pointer, next);
    const value = valueOf(next, withTime);
    if (commit) host.commit(pointer, value);
    else host.input(pointer, value);
  };
  const box = (key: 'day' | 'month' | 'year', label: string, width: string) => {
    const id = key === 'day' ? ctx.id : `${ctx.id}-${key}`;
    return html`<div class="date-input__item" part="date-input-item">
      <label class="label date-input__label" part="label date-input-label" for=${id}>${label}</label>
      <input
        class="input date-input__input ${width}${ctx.error ? ' input--error' : ''}"
        part=${inputPart(ctx, 'input date-input-box')}
        id=${id}
        name=${`${pointer}-${key}`}
        type="text"
        inputmode="numeric"
        spellcheck="false"
        autocomplete="off"
        .value=${live(parts[key])}
        ?readonly=${host.locked}
        aria-invalid=${ariaInvalid(ctx)}
        @input=${update(key, false)}
        @change=${update(key, true)}
      />
    </div>`;
  };
  return html`<div class=${groupClass(ctx)} part=${groupPart(ctx)}>
    <fieldset class="fieldset" role="group" aria-describedby=${describedBy(ctx)} part="fieldset">
      <legend class="fieldset__legend" part="legend">${title(ctx)}</legend>
      ${hint(ctx)} ${errorMessage(ctx)}
      <div class="date-input" part="date-input">
        ${box('day', host.strings.day, 'input--width-2')} ${box('month', host.strings.month, 'input--width-2')}
        ${box('year', host.strings.year, 'input--width-4')}
        ${withTime
          ? html`<div class="date-input__item" part="date-input-item">
              <label class="label date-input__label" part="label date-input-label" for="${ctx.id}-time">${host.strings.time}</label>
              <input
                class="input date-input__input input--width-5${ctx.error ? ' input--error' : ''}"
                part=${inputPart(ctx, 'input time-input')}
                id="${ctx.id}-time"
                name="${pointer}-time"
                type="text"
                inputmode="numeric"
                spellcheck="false"
                autocomplete="off"
                .value=${live(parts.time ?? '')}
                ?readonly=${host.locked}
                aria-invalid=${ariaInvalid(ctx)}
                aria-describedby="${ctx.id}-time-hint"
                @input=${update('time', false)}
                @change=${update('time', true)}
              />
              <span id="${ctx.id}-time-hint" class="visually-hidden">${host.strings.timeHint}</span>
            </div>`
          : nothing}
      </div>
    </fieldset>
  </div>`;
}
