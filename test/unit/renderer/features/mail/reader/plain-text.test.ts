// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';

import { htmlToText } from '../../../../../../renderer/features/mail/reader/plain-text';

describe('htmlToText', () => {
  it('keeps paragraphs, link targets and image descriptions, and drops scripts and styles', () => {
    const text = htmlToText(
      '<style>p{}</style><p>Hello <b>there</b></p><p>See <a href="https://x.test/a">the plan</a></p><img alt="chart"><script>alert(1)</script>',
    );
    expect(text).toBe('Hello there\n\nSee the plan <https://x.test/a>\n[chart]');
  });
});
