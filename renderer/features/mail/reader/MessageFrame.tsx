import { useEffect, useRef } from 'react';

export interface FrameLink {
  href: string;
  text: string;
}

/**
 * The sandboxed frame a message's HTML is shown in (invariant 6).
 *
 * `sandbox="allow-same-origin"` and nothing else: no allow-scripts (nothing in the message can
 * run: no script, handler or javascript: URL, whatever the sanitizer missed), no allow-popups
 * (target=_blank opens nothing), no allow-top-navigation, no allow-forms. Same origin is what lets
 * this component, running in the page, see the frame's document to catch link clicks and size the
 * frame; a frame that can run no script gains nothing from it. The document carries its own CSP
 * (frame-document.ts) on top of the page's.
 */
export function MessageFrame({
  srcDoc,
  onLink,
  onHover,
  onKey,
  onRemoteFailures,
  title = 'Message body',
}: {
  srcDoc: string;
  onLink(link: FrameLink): void;
  onHover(link: FrameLink | null): void;
  /** Keys pressed while the frame has focus, so shortcuts keep working there. */
  onKey?(event: KeyboardEvent): void;
  /** After loading: how many remote images did not load (blocked by a policy, or unreachable). */
  onRemoteFailures?(count: number): void;
  title?: string;
}) {
  const ref = useRef<HTMLIFrameElement>(null);
  const handlers = useRef({ onLink, onHover, onKey, onRemoteFailures });
  handlers.current = { onLink, onHover, onKey, onRemoteFailures };

  useEffect(() => {
    const frame = ref.current;
    if (!frame) return;
    let cleanup = () => {};
    const attach = () => {
      cleanup();
      const doc = frame.contentDocument;
      // While srcdoc is being replaced the frame can hold a finished document with no root yet
      // (seen under load in Chromium); the next load event attaches to the real one.
      if (!doc?.documentElement || !doc.defaultView) return;
      const view = doc.defaultView;
      const linkOf = (target: EventTarget | null): FrameLink | null => {
        const el = target instanceof view.Element ? target.closest('a[href]') : null;
        return el ? { href: el.getAttribute('href') ?? '', text: (el.textContent ?? '').trim() } : null;
      };
      const onClick = (event: MouseEvent) => {
        // Nothing in a message navigates: every click on a link is turned into a question.
        const link = linkOf(event.target);
        if (!link) return;
        event.preventDefault();
        event.stopPropagation();
        if (link.href.startsWith('#')) {
          // In-message anchors ("back to top") scroll the frame, and go nowhere.
          const id = decodeURIComponent(link.href.slice(1));
          (doc.getElementById(id) ?? doc.getElementsByName(id)[0])?.scrollIntoView();
          return;
        }
        if (event.type === 'click') handlers.current.onLink(link);
      };
      const onOver = (event: Event) => handlers.current.onHover(linkOf(event.target));
      const onKeyDown = (event: KeyboardEvent) => handlers.current.onKey?.(event);
      const onSubmit = (event: Event) => event.preventDefault();
      doc.addEventListener('click', onClick, true);
      doc.addEventListener('auxclick', onClick, true);
      doc.addEventListener('mouseover', onOver);
      doc.addEventListener('focusin', onOver);
      doc.addEventListener('keydown', onKeyDown);
      doc.addEventListener('submit', onSubmit, true);
      // Grow the frame to its content, so the reading pane scrolls as one page.
      const resize = () => {
        // Observer callbacks can outlive the document they measured.
        if (!doc.documentElement) return;
        const height = Math.max(doc.documentElement.scrollHeight, doc.body?.scrollHeight ?? 0);
        frame.style.height = `${Math.min(height + 2, 200_000)}px`;
      };
      const observer = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(resize);
      if (doc.body) observer?.observe(doc.body);
      resize();
      // The frame's load event comes after every image loaded or failed: count remote failures,
      // so "Showing N remote images" is never claimed for images that did not arrive.
      if (doc.readyState === 'complete' && doc.body) {
        const failed = Array.from(doc.images).filter(
          (img) => /^https?:/i.test(img.currentSrc || img.src) && img.complete && img.naturalWidth === 0,
        );
        handlers.current.onRemoteFailures?.(failed.length);
      }
      cleanup = () => {
        observer?.disconnect();
        doc.removeEventListener('click', onClick, true);
        doc.removeEventListener('auxclick', onClick, true);
        doc.removeEventListener('mouseover', onOver);
        doc.removeEventListener('focusin', onOver);
        doc.removeEventListener('keydown', onKeyDown);
        doc.removeEventListener('submit', onSubmit, true);
      };
    };
    frame.addEventListener('load', attach);
    if (frame.contentDocument?.readyState === 'complete') attach();
    return () => {
      frame.removeEventListener('load', attach);
      cleanup();
    };
  }, [srcDoc]);

  return (
    <iframe
      ref={ref}
      title={title}
      className="body-frame"
      sandbox="allow-same-origin"
      referrerPolicy="no-referrer"
      // Not `loading="lazy"`: the frame's own CSP must be in force before anything in it loads.
      srcDoc={srcDoc}
    />
  );
}
