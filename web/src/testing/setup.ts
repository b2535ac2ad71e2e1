/**
 * jsdom for antd: what a browser has and jsdom lacks (matchMedia, ResizeObserver, computed styles
 * of pseudo-elements), and a clean document after each test.
 */
import { cleanup } from '@testing-library/react';
import { afterEach } from 'vitest';

afterEach(() => cleanup());

const noop = () => undefined;

// jsdom has no media queries: every query answers "no match".
{
  const matchMedia = (media: string) => ({
    matches: false,
    media,
    onchange: null,
    // Older code listens with addListener, newer with addEventListener: neither hears anything here.
    addListener: noop,
    removeListener: noop,
    addEventListener: noop,
    removeEventListener: noop,
    dispatchEvent: () => false,
  });
  Object.assign(window, { matchMedia });
}

if (!('ResizeObserver' in window)) {
  class ResizeObserver {
    observe = noop;
    unobserve = noop;
    disconnect = noop;
  }
  Object.assign(window, { ResizeObserver });
}

// jsdom answers getComputedStyle(element, '::before') with "not implemented": antd asks it of scrollbars.
const computedStyle = window.getComputedStyle.bind(window);
window.getComputedStyle = (element: Element) => computedStyle(element);
