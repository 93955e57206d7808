import { css } from 'lit';

/** The description paragraph and its Copy button; everything else comes from the shared form styles. */
export default css`
  .description {
    font-size: var(--sf-offender-description-font-size, var(--sf-font-size-body-l, 1.1875rem));
    line-height: 1.5;
    margin: 0 0 var(--sf-space-4, 1.25rem);
    /* A long word or a pasted megabyte wraps instead of widening the page (reflow at 320 px). */
    overflow-wrap: anywhere;
    white-space: pre-line;
  }
  .description:focus {
    outline: 3px solid var(--sf-color-focus, #ffdd00);
    outline-offset: 0;
  }
  .copy-status {
    margin: var(--sf-space-2, 0.5rem) 0 0;
    font-weight: bold;
  }
  .copy-status:empty {
    margin: 0;
  }
`;
