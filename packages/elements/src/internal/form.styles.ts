import { css } from 'lit';

/**
 * The form's look, after the GOV.UK Design System's form patterns: 2px black input borders that
 * thicken to 4px with a yellow outline on focus, a 5px red left border on a question with an error,
 * a green primary button with a 2px bottom shadow, 19px body text, and GOV.UK's spacing scale
 * (5, 10, 15, 20, 25, 30, 40, 50, 60px).
 *
 * Theming API: every colour, font, font size, space, border width and radius is a `--sf-*` custom
 * property, read with its GOV.UK value as the `var()` fallback wherever it is used, so a value set on the
 * element or inherited from any ancestor (a wrapper class, `:root`) wins, and an unset one falls back
 * to GOV.UK. Each is documented with `@cssprop` on the form elements (a test checks that every name
 * used here is documented). `::part()` names are on the templates.
 *
 * Sizes are in px, as GOV.UK's spacing is, and text sizes are `max(<rem>, <px>)`: a host page that
 * shrinks its root font (`html { font-size: 62.5% }`) cannot shrink the form, while a user who chose
 * larger text in the browser still gets it. `:host` resets every inherited property so a host page's
 * global CSS cannot leak in (Shadow DOM stops everything else).
 */
export default css`
  :host {
    display: block;
    box-sizing: border-box;
    font-family: var(--sf-font-family, 'GDS Transport', arial, sans-serif);
    font-size: var(--sf-font-size, max(1.1875rem, 19px));
    line-height: var(--sf-line-height, 1.3158);
    font-weight: var(--sf-font-weight-regular, 400);
    font-style: normal;
    font-variant: normal;
    color: var(--sf-color-text, #0b0c0c);
    background: var(--sf-color-background, #ffffff);
    text-align: start;
    letter-spacing: normal;
    word-spacing: normal;
    text-transform: none;
    text-indent: 0;
    text-shadow: none;
    white-space: normal;
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
    max-width: var(--sf-max-width, 40em);
    padding: var(--sf-space-2, 10px) 0;
  }
  h2,
  h3,
  h4 {
    font-weight: var(--sf-font-weight-bold, 700);
    line-height: var(--sf-line-height-heading, 1.25);
    margin: 0 0 var(--sf-space-4, 20px);
  }
  h2 {
    font-size: var(--sf-font-size-heading-l, max(2.25rem, 36px));
  }
  h3 {
    font-size: var(--sf-font-size-heading-m, max(1.5rem, 24px));
  }
  h4 {
    font-size: var(--sf-font-size-heading-s, max(1.1875rem, 19px));
    margin-bottom: var(--sf-space-2, 10px);
  }
  p {
    margin: 0 0 var(--sf-space-4, 20px);
  }
  a {
    color: var(--sf-color-link, #1d70b8);
    text-decoration: underline;
    text-decoration-thickness: max(1px, 0.0625rem);
    text-underline-offset: 0.1578em;
  }
  a:hover {
    color: var(--sf-color-link-hover, #003078);
    text-decoration-thickness: max(3px, 0.1875rem, 0.12em);
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
    font-size: var(--sf-font-size-caption, max(1.1875rem, 19px));
    margin-bottom: var(--sf-space-1, 5px);
  }
  .marking {
    display: inline-block;
    font-weight: var(--sf-font-weight-bold, 700);
    letter-spacing: 0.05em;
    border: var(--sf-border-width-input, 2px) solid currentColor;
    padding: 0 var(--sf-space-1, 5px);
    margin-bottom: var(--sf-space-4, 20px);
  }
  .section-heading:focus,
  .error-summary:focus,
  .fieldset__legend:focus,
  .panel:focus,
  .notice:focus,
  .description:focus {
    outline: var(--sf-focus-width, 3px) solid var(--sf-color-focus, #ffdd00);
    outline-offset: 0;
  }

  /* Section navigation */
  .sections {
    margin: 0 0 var(--sf-space-6, 30px);
    padding: 0;
    border-bottom: var(--sf-border-width, 1px) solid var(--sf-color-border, #b1b4b6);
  }
  .sections__list {
    list-style: none;
    margin: 0 0 var(--sf-space-4, 20px);
    padding: 0;
    display: flex;
    flex-wrap: wrap;
    gap: var(--sf-space-1, 5px) var(--sf-space-4, 20px);
  }
  .sections__link {
    font: inherit;
    font-size: var(--sf-font-size-small, max(1rem, 16px));
    color: var(--sf-color-link, #1d70b8);
    text-decoration: underline;
    text-underline-offset: 0.1578em;
    background: none;
    border: 0;
    border-radius: 0;
    padding: 0;
    cursor: pointer;
    text-align: start;
  }
  .sections__link:hover {
    color: var(--sf-color-link-hover, #003078);
  }
  .sections__link[aria-current='step'] {
    color: var(--sf-color-text, #0b0c0c);
    font-weight: var(--sf-font-weight-bold, 700);
    text-decoration: none;
  }
  .sections__link--error {
    color: var(--sf-color-error, #d4351c);
  }
  .progress {
    display: block;
    width: 100%;
    height: var(--sf-space-2, 10px);
    margin-bottom: var(--sf-space-2, 10px);
    accent-color: var(--sf-color-button, #00703c);
  }
  .progress-text {
    font-size: var(--sf-font-size-small, max(1rem, 16px));
    color: var(--sf-color-secondary-text, #484949);
    margin: 0 0 var(--sf-space-4, 20px);
  }

  /* Questions */
  .form-group {
    margin-bottom: var(--sf-space-6, 30px);
  }
  .form-group--error {
    padding-left: var(--sf-space-3, 15px);
    border-left: var(--sf-border-width-error, 5px) solid var(--sf-color-error, #d4351c);
  }
  .label,
  .fieldset__legend {
    display: block;
    font-weight: var(--sf-font-weight-bold, 700);
    margin-bottom: var(--sf-space-1, 5px);
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
    font-size: var(--sf-font-size-heading-s, max(1.1875rem, 19px));
    margin-bottom: var(--sf-space-3, 15px);
  }
  .group,
  .repeat,
  .scale-group {
    margin-bottom: var(--sf-space-6, 30px);
  }
  .repeat__item {
    border-left: var(--sf-border-width-repeat, 4px) solid var(--sf-color-border, #b1b4b6);
    padding-left: var(--sf-space-3, 15px);
    margin-bottom: var(--sf-space-4, 20px);
  }
  .hint {
    color: var(--sf-color-secondary-text, #484949);
    margin-bottom: var(--sf-space-3, 15px);
  }
  .error-message {
    display: block;
    color: var(--sf-color-error, #d4351c);
    font-weight: var(--sf-font-weight-bold, 700);
    margin: 0 0 var(--sf-space-3, 15px);
  }
  .input,
  .textarea,
  .select {
    font: inherit;
    color: var(--sf-color-input-text, var(--sf-color-text, #0b0c0c));
    background: var(--sf-color-input-background, #ffffff);
    width: 100%;
    min-height: 40px;
    margin: 0;
    padding: var(--sf-space-1, 5px);
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
    min-height: 64px;
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
  /* GOV.UK focus: a yellow outline, and the 2px border thickened to 4px by an inset shadow. */
  .input:focus,
  .textarea:focus,
  .select:focus {
    outline: var(--sf-focus-width, 3px) solid var(--sf-color-focus, #ffdd00);
    outline-offset: 0;
    box-shadow: inset 0 0 0 var(--sf-border-width-input, 2px) var(--sf-color-focus-text, #0b0c0c);
  }
  .input[readonly],
  .textarea[readonly] {
    background: var(--sf-color-readonly-background, #f3f2f1);
  }
  .date-input {
    display: flex;
    flex-wrap: wrap;
    gap: var(--sf-space-4, 20px);
  }
  .date-input__label {
    font-weight: var(--sf-font-weight-regular, 400);
  }

  /* Radios and checkboxes: GOV.UK's 40px controls (a ring with a dot, a box with a tick), drawn with
     borders so forced colours keep them, with a visible focus ring. */
  .radios__item,
  .checkboxes__item,
  .scale__option {
    display: flex;
    align-items: center;
    gap: var(--sf-space-2, 10px);
    margin-bottom: var(--sf-space-2, 10px);
    min-height: 44px;
  }
  .radios--inline {
    display: flex;
    flex-wrap: wrap;
    gap: 0 var(--sf-space-6, 30px);
  }
  .radios__input,
  .checkboxes__input {
    appearance: none;
    flex: none;
    box-sizing: border-box;
    display: grid;
    place-content: center;
    width: 40px;
    height: 40px;
    margin: 0;
    color: var(--sf-color-control, var(--sf-color-text, #0b0c0c));
    background: var(--sf-color-input-background, #ffffff);
    border: var(--sf-border-width-input, 2px) solid currentColor;
    border-radius: 0;
    cursor: pointer;
  }
  .radios__input {
    border-radius: 50%;
  }
  .radios__input::before,
  .checkboxes__input::before {
    content: '';
    box-sizing: border-box;
    opacity: 0;
  }
  .radios__input::before {
    width: 20px;
    height: 20px;
    border: 10px solid currentColor;
    border-radius: 50%;
  }
  .checkboxes__input::before {
    width: 23px;
    height: 12px;
    margin-top: -5px;
    border: solid currentColor;
    border-width: 0 0 5px 5px;
    transform: rotate(-45deg);
  }
  .radios__input:checked::before,
  .checkboxes__input:checked::before {
    opacity: 1;
  }
  .radios__input:disabled,
  .checkboxes__input:disabled {
    cursor: default;
    opacity: 0.5;
  }
  .radios__input:focus-visible,
  .checkboxes__input:focus-visible {
    outline: var(--sf-focus-width, 3px) solid var(--sf-color-focus, #ffdd00);
    outline-offset: 2px;
    box-shadow: 0 0 0 6px var(--sf-color-focus-text, #0b0c0c);
  }
  .radios__label,
  .checkboxes__label {
    cursor: pointer;
    padding: var(--sf-space-1, 5px) 0;
  }

  /* Scale: rows of radio groups that read as a table on wide screens and stack on narrow ones. */
  .scale__head {
    display: none;
  }
  .scale__row {
    border-top: var(--sf-border-width, 1px) solid var(--sf-color-border, #b1b4b6);
    padding: var(--sf-space-2, 10px) 0;
  }
  .scale__row.form-group--error {
    padding-left: var(--sf-space-3, 15px);
  }
  .scale__question {
    padding: 0;
    margin-bottom: var(--sf-space-2, 10px);
    white-space: normal;
  }
  .scale__options {
    display: flex;
    flex-wrap: wrap;
    gap: 0 var(--sf-space-4, 20px);
  }
  @media (min-width: 48em) {
    .scale__head {
      display: flex;
      padding-left: 45%;
      font-weight: var(--sf-font-weight-bold, 700);
      font-size: var(--sf-font-size-small, max(1rem, 16px));
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
      padding-right: var(--sf-space-3, 15px);
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

  /* Buttons (GOV.UK: 2px transparent border, 2px shadow below, yellow with a black shadow on focus). */
  .button {
    font: inherit;
    font-weight: var(--sf-font-weight-regular, 400);
    line-height: 1.1875;
    color: var(--sf-color-button-text, #ffffff);
    background: var(--sf-color-button, #00703c);
    border: var(--sf-border-width-input, 2px) solid transparent;
    border-radius: var(--sf-radius-button, var(--sf-radius, 0));
    box-shadow: 0 2px 0 var(--sf-color-button-shadow, #002d18);
    padding: 8px var(--sf-space-2, 10px) 7px;
    margin: 0 var(--sf-space-3, 15px) var(--sf-space-4, 20px) 0;
    cursor: pointer;
    min-height: 44px;
    text-align: center;
    vertical-align: top;
  }
  .button:hover {
    background: var(--sf-color-button-hover, #005a30);
  }
  .button--secondary {
    color: var(--sf-color-button-secondary-text, #0b0c0c);
    background: var(--sf-color-button-secondary, #f3f2f1);
    box-shadow: 0 2px 0 var(--sf-color-button-secondary-shadow, #929191);
  }
  .button--secondary:hover {
    background: var(--sf-color-button-secondary-hover, #dbdad9);
  }
  .button:active {
    transform: translateY(2px);
    box-shadow: none;
  }
  .button:focus-visible,
  .button:focus-visible:hover {
    outline: var(--sf-focus-width, 3px) solid transparent;
    border-color: var(--sf-color-focus, #ffdd00);
    color: var(--sf-color-focus-text, #0b0c0c);
    background: var(--sf-color-focus, #ffdd00);
    box-shadow: 0 2px 0 var(--sf-color-focus-text, #0b0c0c);
  }
  .button[aria-disabled='true'] {
    opacity: 0.5;
    cursor: progress;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    margin-top: var(--sf-space-6, 30px);
  }

  /* Error summary */
  .error-summary {
    color: var(--sf-color-text, #0b0c0c);
    padding: var(--sf-space-4, 20px);
    margin-bottom: var(--sf-space-6, 30px);
    border: var(--sf-border-width-error, 5px) solid var(--sf-color-error, #d4351c);
  }
  .error-summary__title {
    font-size: var(--sf-font-size-heading-m, max(1.5rem, 24px));
  }
  .error-summary__list {
    margin: 0;
    padding: 0;
    list-style: none;
  }
  .error-summary__list li {
    margin-bottom: var(--sf-space-2, 10px);
  }
  .error-summary__list a {
    color: var(--sf-color-error, #d4351c);
    font-weight: var(--sf-font-weight-bold, 700);
  }
  /* GOV.UK link focus: yellow behind the text and a thick black underline. */
  a:focus,
  .sections__link:focus-visible {
    outline: var(--sf-focus-width, 3px) solid transparent;
    color: var(--sf-color-focus-text, #0b0c0c);
    background: var(--sf-color-focus, #ffdd00);
    box-shadow: 0 -2px var(--sf-color-focus, #ffdd00), 0 4px var(--sf-color-focus-text, #0b0c0c);
    text-decoration: none;
  }

  /* Notices (banners): submission problems, draft messages, results */
  .notice {
    padding: var(--sf-space-4, 20px);
    margin-bottom: var(--sf-space-6, 30px);
    border-left: var(--sf-border-width-notice, 10px) solid var(--sf-color-border, #b1b4b6);
    background: var(--sf-color-notice-background, #f3f2f1);
  }
  .notice--warning {
    border-left-color: var(--sf-color-warning, #f47738);
  }
  .notice--error {
    border-left-color: var(--sf-color-error, #d4351c);
  }
  .notice > :last-child {
    margin-bottom: 0;
  }
  .draft-status {
    font-size: var(--sf-font-size-small, max(1rem, 16px));
    display: flex;
    flex-wrap: wrap;
    gap: 0 var(--sf-space-3, 15px);
  }
  .draft-status .hint {
    margin: 0;
  }
  .leftovers dt {
    font-weight: var(--sf-font-weight-bold, 700);
    font-family: var(--sf-font-family-monospace, ui-monospace, menlo, consolas, 'Liberation Mono', monospace);
  }
  .leftovers dd {
    margin: 0 0 var(--sf-space-2, 10px);
    white-space: pre-wrap;
  }
  .result {
    border: var(--sf-border-width-input, 2px) solid var(--sf-color-text, #0b0c0c);
    border-radius: var(--sf-radius-panel, 0);
    padding: var(--sf-space-4, 20px);
    margin: var(--sf-space-6, 30px) 0;
  }
  .result--crisis {
    border-color: var(--sf-color-error, #d4351c);
    border-width: var(--sf-border-width-error, 5px);
  }
  .result__title {
    font-size: var(--sf-font-size-heading-m, max(1.5rem, 24px));
  }
  .result ul,
  .result ol {
    margin: 0 0 var(--sf-space-4, 20px);
    padding-left: var(--sf-space-5, 25px);
  }
  .panel {
    color: var(--sf-color-panel-text, #ffffff);
    background: var(--sf-color-panel, #00703c);
    border: var(--sf-border-width-error, 5px) solid transparent;
    border-radius: var(--sf-radius-panel, 0);
    padding: var(--sf-space-6, 30px);
    margin-bottom: var(--sf-space-6, 30px);
    text-align: center;
  }
  .what-next {
    margin-top: var(--sf-space-6, 30px);
  }
  .what-next__heading {
    font-size: var(--sf-font-size-heading-m, max(1.5rem, 24px));
  }
  .panel__title {
    font-size: var(--sf-font-size-heading-xl, max(3rem, 48px));
  }
  .panel__body {
    font-size: var(--sf-font-size-heading-m, max(1.5rem, 24px));
  }
  .panel__reference {
    font-weight: var(--sf-font-weight-bold, 700);
    display: block;
  }

  /* GOV.UK's smaller headings on narrow screens (unless the host set its own sizes). */
  @media (max-width: 40.0525em) {
    h2 {
      font-size: var(--sf-font-size-heading-l, max(1.6875rem, 27px));
    }
    h3,
    .result__title,
    .error-summary__title,
    .panel__body {
      font-size: var(--sf-font-size-heading-m, max(1.125rem, 18px));
    }
    .panel__title {
      font-size: var(--sf-font-size-heading-xl, max(2rem, 32px));
    }
    /* A marking such as OFFICIAL-SENSITIVE stays whole in a host page's narrow column at 320px. */
    .marking {
      font-size: var(--sf-font-size-small, max(1rem, 16px));
      letter-spacing: 0.02em;
    }
  }

  /*
   * Windows High Contrast and other forced colours: backgrounds and shadows are dropped and colours
   * replaced, so every focus indicator is an outline in the system Highlight colour, and every border
   * that carries meaning (error, result, button, banner) is drawn in a system colour. Nothing is said by
   * colour alone anyway: errors have "Error:" text, the error summary a heading, sections "(has errors)".
   */
  @media (forced-colors: active) {
    .input:focus,
    .textarea:focus,
    .select:focus,
    .radios__input:focus-visible,
    .checkboxes__input:focus-visible,
    .button:focus-visible,
    .sections__link:focus-visible,
    a:focus,
    .section-heading:focus,
    .error-summary:focus,
    .fieldset__legend:focus,
    .panel:focus,
    .notice:focus,
    .description:focus {
      outline: var(--sf-focus-width, 3px) solid Highlight;
      outline-offset: 2px;
    }
    .input,
    .textarea,
    .select,
    .form-group--error,
    .error-summary,
    .result,
    .notice,
    .marking {
      border-color: CanvasText;
    }
    .notice,
    .panel {
      border: var(--sf-border-width-input, 2px) solid CanvasText;
    }
    .form-group--error,
    .notice--error,
    .notice--warning {
      border-left-width: var(--sf-border-width-error, 5px);
    }
    .button {
      border-color: ButtonText;
    }
    .button[aria-disabled='true'] {
      border-color: GrayText;
      color: GrayText;
    }
    .sections__link[aria-current='step'] {
      text-decoration: underline;
      text-decoration-thickness: 3px;
    }
    .error-message,
    .sections__link--error {
      color: CanvasText;
    }
  }

  /* No movement for people who asked for less: no transitions, animations or smooth scrolling. */
  @media (prefers-reduced-motion: reduce) {
    *,
    *::before,
    *::after {
      animation: none !important;
      transition: none !important;
      scroll-behavior: auto !important;
    }
    .button:active {
      transform: none;
    }
  }
`;
