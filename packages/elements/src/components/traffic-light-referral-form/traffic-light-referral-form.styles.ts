import { css } from 'lit';

/**
 * The traffic light status panel. Colour only adds to what the words and the icon already say
 * ("■ RED: STOP", "▲ AMBER: PROCEED WITH CAUTION", "● GREEN: GO"); every colour is a `--sf-*`
 * custom property with a GOV.UK default, and each text/background pair passes WCAG AA contrast.
 */
export default css`
  .traffic-light {
    border-width: 5px;
  }
  .traffic-light--red {
    border-color: var(--sf-traffic-light-red, #d4351c);
  }
  .traffic-light--amber {
    border-color: var(--sf-traffic-light-amber, #f47738);
  }
  .traffic-light--green {
    border-color: var(--sf-traffic-light-green, #00703c);
  }
  .traffic-light__status {
    display: flex;
    align-items: baseline;
    flex-wrap: wrap;
    gap: var(--sf-space-2, 0.5rem);
    margin: 0 0 var(--sf-space-4, 1.25rem);
    padding: var(--sf-space-2, 0.5rem) var(--sf-space-3, 0.9375rem);
    font-size: var(--sf-font-size-heading-m, 1.375rem);
    border: 2px solid transparent;
  }
  .traffic-light--red .traffic-light__status {
    color: var(--sf-traffic-light-red-text, #ffffff);
    background: var(--sf-traffic-light-red, #d4351c);
  }
  .traffic-light--amber .traffic-light__status {
    color: var(--sf-traffic-light-amber-text, #0b0c0c);
    background: var(--sf-traffic-light-amber, #f47738);
  }
  .traffic-light--green .traffic-light__status {
    color: var(--sf-traffic-light-green-text, #ffffff);
    background: var(--sf-traffic-light-green, #00703c);
  }
  .traffic-light--incomplete .traffic-light__status {
    padding-inline: 0;
  }
  .traffic-light__icon {
    font-size: 1.2em;
    line-height: 1;
  }
  .traffic-light__reasons {
    list-style: none;
    padding-left: 0;
  }
  .traffic-light__reasons li {
    margin-bottom: var(--sf-space-1, 0.3125rem);
  }
  .traffic-light__reasons .traffic-light__icon {
    font-size: 1em;
    margin-inline-end: var(--sf-space-1, 0.3125rem);
  }
  .traffic-light__reason--red .traffic-light__icon {
    color: var(--sf-traffic-light-red, #d4351c);
  }
  .traffic-light__reason--amber .traffic-light__icon {
    color: var(--sf-traffic-light-amber-icon, #b35200);
  }
  .traffic-light__reason--green .traffic-light__icon {
    color: var(--sf-traffic-light-green, #00703c);
  }
  h4 {
    font-size: var(--sf-font-size, 1.1875rem);
    font-weight: 700;
    margin: 0 0 var(--sf-space-2, 0.5rem);
  }
  @media (forced-colors: active) {
    .traffic-light,
    .traffic-light__status {
      border-color: CanvasText;
      forced-color-adjust: auto;
    }
  }
`;
