// @vitest-environment jsdom
import { cleanup, render } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';

import { MessageFrame } from '../../../../../../renderer/features/mail/reader/MessageFrame';

afterEach(cleanup);

describe('MessageFrame', () => {
  it('does not fail when the frame holds a finished document with no root yet (srcdoc being replaced)', () => {
    // Chromium under load showed this: the effect ran, the frame's document said "complete" and had
    // no documentElement, and reading its scrollHeight blanked the whole window.
    const real = Object.getOwnPropertyDescriptor(HTMLIFrameElement.prototype, 'contentDocument')!;
    const empty = document.implementation.createDocument(null, null);
    Object.defineProperty(empty, 'readyState', { value: 'complete' });
    Object.defineProperty(HTMLIFrameElement.prototype, 'contentDocument', { configurable: true, get: () => empty });
    try {
      expect(empty.documentElement).toBeNull();
      expect(() => render(<MessageFrame srcDoc="<p>x</p>" onLink={() => undefined} onHover={() => undefined} />)).not.toThrow();
    } finally {
      Object.defineProperty(HTMLIFrameElement.prototype, 'contentDocument', real);
    }
  });
});
