import { useEffect, useRef, type ReactNode } from 'react';
import { useRouter, type Route } from '../router';

/**
 * One screen. Screens stay mounted once visited (hidden when not current), so a running build
 * keeps its progress while the operator looks elsewhere; after a navigation the heading takes focus.
 */
export function Screen({ route, title, intro, children }: { route: Route; title: string; intro?: string | undefined; children: ReactNode }) {
  const { route: current, navigations } = useRouter();
  const active = current === route;
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (active && navigations > 0) heading.current?.focus();
  }, [active, navigations]);
  return (
    <section className="screen" hidden={!active} aria-labelledby={`${route}-title`} data-testid={`screen-${route}`}>
      <h2 id={`${route}-title`} ref={heading} tabIndex={-1}>
        {title}
      </h2>
      {intro && <p className="intro">{intro}</p>}
      {children}
    </section>
  );
}
