import { css } from 'lit';

/**
 * The form's look, after the GOV.UK Design System's form patterns. Every colour, font and space is a
 * `--sf-*` custom property with a GOV.UK default; `:host` resets inherited properties so a host page's
 * global CSS cannot leak in (Shadow DOM stops everything else).
 */
export default css`
  :host {
    display: block;
    box-sizing: border-box;
    font-family: var(--sf-font-family, 'GDS Transport', arial, sans-serif);
    font-size: var(--sf-font-size, 1.1875rem);
    line-height: var(--sf-line-height, 1.3);
    font-weight: 400;
    font-style: normal;
    color: var(--sf-color-text, #0b0c0c);
    background: var(--sf-color-background, #ffffff);
    text-align: start;
    letter-spacing: normal;
    word-spacing: normal;
    text-transform: none;
    text-indent: 0;
    overflow-wrap: anywhere;
    -webkit-font-smoothing: antialiased;
  }
  :host([hidden]) {
    display: none;
  }
  *,
  *::before,
  *::after {
    box-sizing: border-box;
  }
  .form {
    max-width: var(--sf-max-width, 48rem);
    padding: var(--sf-space-2, 0.5rem) 0;
  }
  h2,
  h3 {
    font-weight: 700;
    margin: 0 0 var(--sf-space-4, 1.25rem);
    line-height: 1.2;
  }
  h2 {
    font-size: var(--sf-font-size-heading-l, 1.75rem);
  }
  h3 {
    font-size: var(--sf-font-size-heading-m, 1.375rem);
  }
  p {
    margin: 0 0 var(--sf-space-4, 1.25rem);
  }
  .visually-hidden {
    position: absolute !important;
    width: 1px !important;
    height: 1px !important;
    margin: 0 !important;
    padding: 0 !important;
    overflow: hidden !important;
    clip: rect(0 0 0 0) !important;
    clip-path: inset(50%) !important;
    border: 0 !important;
    white-space: nowrap !important;
  }
  .caption {
    display: block;
    color: var(--sf-color-secondary-text, #484949);
    font-size: var(--sf-font-size-caption, 1.1875rem);
    margin-bottom: var(--sf-space-1, 0.3125rem);
  }
  .marking {
    display: inline-block;
    font-weight: 700;
    letter-spacing: 0.05em;
    border: 2px solid currentColor;
    padding: 0 var(--sf-space-1, 0.3125rem);
    margin-bottom: var(--sf-space-4, 1.25rem);
  }
  .section-heading:focus,
  .error-summary:focus {
    outline: var(--sf-focus-width, 3px) solid var(--sf-color-focus, #ffdd00);
    outline-offset: 0;
  }

  /* Section navigation */
  .sections {
    margin: 0 0 var(--sf-space-6, 2rem);
    padding: 0;
    border-bottom: 1px solid var(--sf-color-border, #b1b4b6);
  }
  .sections__list {
    list-style: none;
    margin: 0 0 var(--sf-space-4, 1.25rem);
    padding: 0;
    display: flex;
    flex-wrap: wrap;
    gap: var(--sf-space-1, 0.3125rem) var(--sf-space-4, 1.25rem);
  }
  .sections__link {
    font: inherit;
    font-size: var(--sf-font-size-small, 1rem);
    color: var(--sf-color-link, #1d70b8);
    text-decoration: underline;
    background: none;
    border: 0;
    padding: 0;
    cursor: pointer;
    text-align: start;
  }
  .sections__link[aria-current='step'] {
    color: var(--sf-color-text, #0b0c0c);
    font-weight: 700;
    text-decoration: none;
  }
  .sections__link--error {
    color: var(--sf-color-error, #d4351c);
  }
  .progress {
    display: block;
    width: 100%;
    height: 0.5rem;
    margin-bottom: var(--sf-space-2, 0.5rem);
    accent-color: var(--sf-color-button, #00703c);
  }
  .progress-text {
    font-size: var(--sf-font-size-small, 1rem);
    color: var(--sf-color-secondary-text, #484949);
    margin: 0 0 var(--sf-space-4, 1.25rem);
  }

  /* Questions */
  .form-group {
    margin-bottom: var(--sf-space-6, 1.875rem);
  }
  .form-group--error {
    padding-left: var(--sf-space-3, 0.9375rem);
    border-left: var(--sf-error-border-width, 5px) solid var(--sf-color-error, #d4351c);
  }
  .label,
  .fieldset__legend {
    display: block;
    font-weight: 700;
    margin-bottom: var(--sf-space-1, 0.3125rem);
  }
  .fieldset {
    min-width: 0;
    margin: 0;
    padding: 0;
    border: 0;
  }
  .fieldset__legend {
    padding: 0;
    max-width: 100%;
    white-space: normal;
  }
  .fieldset__legend--m {
    font-size: var(--sf-font-size-heading-s, 1.1875rem);
    margin-bottom: var(--sf-space-3, 0.9375rem);
  }
  .group,
  .repeat,
  .scale-group {
    margin-bottom: var(--sf-space-6, 1.875rem);
  }
  .repeat__item {
    border-left: 4px solid var(--sf-color-border, #b1b4b6);
    padding-left: var(--sf-space-3, 0.9375rem);
    margin-bottom: var(--sf-space-4, 1.25rem);
  }
  .hint {
    color: var(--sf-color-secondary-text, #484949);
    margin-bottom: var(--sf-space-3, 0.9375rem);
  }
  .error-message {
    display: block;
    color: var(--sf-color-error, #d4351c);
    font-weight: 700;
    margin: 0 0 var(--sf-space-3, 0.9375rem);
  }
  .input,
  .textarea,
  .select {
    font: inherit;
    color: inherit;
    background: var(--sf-color-input-background, #ffffff);
    width: 100%;
    min-height: 2.5rem;
    padding: var(--sf-space-1, 0.3125rem);
    border: var(--sf-border-width-input, 2px) solid var(--sf-color-input-border, #0b0c0c);
    border-radius: var(--sf-radius, 0);
    appearance: none;
  }
  .select {
    width: auto;
    max-width: 100%;
    appearance: auto;
  }
  .textarea {
    display: block;
    resize: vertical;
    min-height: 4rem;
  }
  .input--width-2 {
    max-width: 5.4ex;
  }
  .input--width-4 {
    max-width: 9ex;
  }
  .input--width-5 {
    max-width: 10.8ex;
  }
  .input--width-10 {
    max-width: 23ex;
  }
  .input--width-20 {
    max-width: 41ex;
  }
  .input--error {
    border-color: var(--sf-color-error, #d4351c);
  }
  .input:focus,
  .textarea:focus,
  .select:focus {
    outline: var(--sf-focus-width, 3px) solid var(--sf-color-focus, #ffdd00);
    outline-offset: 0;
    box-shadow: inset 0 0 0 2px currentColor;
  }
  .input[readonly],
  .textarea[readonly] {
    background: var(--sf-color-readonly-background, #f3f2f1);
  }
  .date-input {
    display: flex;
    flex-wrap: wrap;
    gap: var(--sf-space-4, 1.25rem);
  }
  .date-input__label {
    font-weight: 400;
  }

  /* Radios and checkboxes: large native controls with a visible focus ring. */
  .radios__item,
  .checkboxes__item,
  .scale__option {
    display: flex;
    align-items: center;
    gap: var(--sf-space-2, 0.5rem);
    margin-bottom: var(--sf-space-2, 0.625rem);
    min-height: 2.75rem;
  }
  .radios--inline {
    display: flex;
    flex-wrap: wrap;
    gap: 0 var(--sf-space-6, 1.875rem);
  }
  .radios__input,
  .checkboxes__input {
    flex: none;
    width: 1.75rem;
    height: 1.75rem;
    margin: 0;
    accent-color: var(--sf-color-text, #0b0c0c);
    cursor: pointer;
  }
  .radios__input:focus-visible,
  .checkboxes__input:focus-visible {
    outline: var(--sf-focus-width, 3px) solid var(--sf-color-focus, #ffdd00);
    outline-offset: 2px;
    box-shadow: 0 0 0 6px var(--sf-color-text, #0b0c0c);
  }
  .radios__label,
  .checkboxes__label {
    cursor: pointer;
    padding: var(--sf-space-1, 0.3125rem) 0;
  }

  /* Scale: rows of radio groups that read as a table on wide screens and stack on narrow ones. */
  .scale__head {
    display: none;
  }
  .scale__row {
    border-top: 1px solid var(--sf-color-border, #b1b4b6);
    padding: var(--sf-space-2, 0.5rem) 0;
  }
  .scale__row.form-group--error {
    padding-left: var(--sf-space-3, 0.9375rem);
  }
  .scale__question {
    padding: 0;
    margin-bottom: var(--sf-space-2, 0.5rem);
    white-space: normal;
  }
  .scale__options {
    display: flex;
    flex-wrap: wrap;
    gap: 0 var(--sf-space-4, 1.25rem);
  }
  @media (min-width: 48em) {
    .scale__head {
      display: flex;
      padding-left: 45%;
      font-weight: 700;
      font-size: var(--sf-font-size-small, 1rem);
    }
    .scale__head > span:first-child {
      display: none;
    }
    .scale__col,
    .scale__option {
      flex: 1 1 0;
      justify-content: center;
      text-align: center;
    }
    .scale__question {
      float: left;
      width: 45%;
      padding-right: var(--sf-space-3, 0.9375rem);
    }
    .scale__options {
      margin-left: 45%;
      flex-wrap: nowrap;
    }
    .scale__label {
      position: absolute;
      width: 1px;
      height: 1px;
      overflow: hidden;
      clip-path: inset(50%);
      white-space: nowrap;
    }
    .scale__row::after {
      content: '';
      display: block;
      clear: both;
    }
  }

  /* Buttons */
  .button {
    font: inherit;
    font-weight: 400;
    line-height: 1.2;
    color: var(--sf-color-button-text, #ffffff);
    background: var(--sf-color-button, #00703c);
    border: 2px solid transparent;
    border-radius: var(--sf-radius, 0);
    box-shadow: 0 2px 0 var(--sf-color-button-shadow, #002d18);
    padding: 0.5rem 0.75rem 0.4375rem;
    margin: 0 var(--sf-space-3, 0.9375rem) var(--sf-space-4, 1.25rem) 0;
    cursor: pointer;
    min-height: 2.75rem;
  }
  .button--secondary {
    color: var(--sf-color-text, #0b0c0c);
    background: var(--sf-color-button-secondary, #f3f2f1);
    box-shadow: 0 2px 0 var(--sf-color-button-secondary-shadow, #929191);
  }
  .button:hover {
    filter: brightness(0.9);
  }
  .button:focus-visible {
    outline: var(--sf-focus-width, 3px) solid transparent;
    color: var(--sf-color-text, #0b0c0c);
    background: var(--sf-color-focus, #ffdd00);
    box-shadow: 0 2px 0 var(--sf-color-text, #0b0c0c);
  }
  .button[aria-disabled='true'] {
    opacity: 0.6;
    cursor: progress;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    margin-top: var(--sf-space-6, 2rem);
  }

  /* Error summary */
  .error-summary {
    color: var(--sf-color-text, #0b0c0c);
    padding: var(--sf-space-4, 1.25rem);
    margin-bottom: var(--sf-space-6, 2rem);
    border: var(--sf-error-border-width, 5px) solid var(--sf-color-error, #d4351c);
  }
  .error-summary__title {
    font-size: var(--sf-font-size-heading-m, 1.5rem);
  }
  .error-summary__list {
    margin: 0;
    padding: 0;
    list-style: none;
  }
  .error-summary__list li {
    margin-bottom: var(--sf-space-2, 0.5rem);
  }
  .error-summary__list a {
    color: var(--sf-color-error, #d4351c);
    font-weight: 700;
  }
  a:focus {
    outline: var(--sf-focus-width, 3px) solid transparent;
    color: var(--sf-color-text, #0b0c0c);
    background: var(--sf-color-focus, #ffdd00);
    box-shadow: 0 -2px var(--sf-color-focus, #ffdd00), 0 4px var(--sf-color-text, #0b0c0c);
    text-decoration: none;
  }

  /* Notices: submission problems, results, confirmation */
  .notice {
    padding: var(--sf-space-4, 1.25rem);
    margin-bottom: var(--sf-space-6, 2rem);
    border-left: 10px solid var(--sf-color-border, #b1b4b6);
    background: var(--sf-color-notice-background, #f3f2f1);
  }
  .notice--warning {
    border-left-color: var(--sf-color-warning, #f47738);
  }
  .notice > :last-child {
    margin-bottom: 0;
  }
  .draft-status {
    font-size: var(--sf-font-size-small, 1rem);
    display: flex;
    flex-wrap: wrap;
    gap: 0 var(--sf-space-3, 0.9375rem);
  }
  .draft-status .hint {
    margin: 0;
  }
  .leftovers dt {
    font-weight: 700;
    font-family: monospace;
  }
  .leftovers dd {
    margin: 0 0 var(--sf-space-2, 0.5rem);
    white-space: pre-wrap;
  }
  .notice--error {
    border-left-color: var(--sf-color-error, #d4351c);
  }
  .result {
    border: 2px solid var(--sf-color-text, #0b0c0c);
    padding: var(--sf-space-4, 1.25rem);
    margin: var(--sf-space-6, 2rem) 0;
  }
  .result--crisis {
    border-color: var(--sf-color-error, #d4351c);
    border-width: 5px;
  }
  .result__title {
    font-size: var(--sf-font-size-heading-m, 1.375rem);
  }
  .result ul,
  .result ol {
    margin: 0 0 var(--sf-space-4, 1.25rem);
    padding-left: var(--sf-space-6, 1.5rem);
  }
  .panel {
    color: var(--sf-color-panel-text, #ffffff);
    background: var(--sf-color-panel, #00703c);
    padding: var(--sf-space-6, 2rem);
    margin-bottom: var(--sf-space-6, 2rem);
    text-align: center;
  }
  .panel__title {
    font-size: var(--sf-font-size-heading-xl, 2.25rem);
  }
  .panel__body {
    font-size: var(--sf-font-size-heading-m, 1.5rem);
  }
  .panel__reference {
    font-weight: 700;
    display: block;
  }

  @media (forced-colors: active) {
    .form-group--error,
    .error-summary,
    .result {
      border-color: CanvasText;
    }
    .button:focus-visible,
    a:focus {
      outline: 3px solid Highlight;
    }
  }
  @media (prefers-reduced-motion: reduce) {
    * {
      scroll-behavior: auto !important;
      transition: none !important;
    }
  }
`;
