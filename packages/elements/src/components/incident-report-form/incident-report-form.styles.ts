import { css } from 'lit';

/**
 * The sub-category radios with their Appendix part 1 explanation under each label (GOV.UK radio item
 * hints), and the routes of action in the result panel. Every colour and space is a documented
 * `--sf-*` custom property with a GOV.UK default; a route's state is a word, never a colour alone.
 */
export default css`
  .radios__item--hint {
    align-items: flex-start;
  }
  .radios__text {
    display: flex;
    flex-direction: column;
    padding-top: var(--sf-space-1, 5px);
  }
  .radios__text .radios__label {
    padding-top: 0;
  }
  .radios__hint {
    margin: 0;
  }
  .incident__highlights {
    padding-left: var(--sf-space-4, 20px);
    font-weight: var(--sf-font-weight-bold, 700);
  }
  .incident__routes {
    list-style: none;
    padding: 0;
    margin: 0 0 var(--sf-space-4, 20px);
  }
  .incident__route {
    border-left: var(--sf-border-width-repeat, 4px) solid var(--sf-color-border, #b1b4b6);
    padding-left: var(--sf-space-3, 15px);
    margin-bottom: var(--sf-space-3, 15px);
  }
  .incident__route--required {
    border-left-color: var(--sf-color-error, #d4351c);
  }
  .incident__route--recommended {
    border-left-color: var(--sf-color-button, #00703c);
  }
  .incident__state {
    display: inline-block;
    margin-left: var(--sf-space-2, 10px);
    padding: 0 var(--sf-space-1, 5px);
    border: var(--sf-border-width, 1px) solid currentColor;
    font-size: var(--sf-font-size-small, 16px);
  }
  .incident__why {
    color: var(--sf-color-secondary-text, #484949);
    margin: var(--sf-space-1, 5px) 0 0;
  }
  .incident__reasons dt {
    font-weight: var(--sf-font-weight-bold, 700);
    margin-top: var(--sf-space-2, 10px);
  }
  .incident__reasons dd {
    margin: 0 0 var(--sf-space-1, 5px);
  }
`;
