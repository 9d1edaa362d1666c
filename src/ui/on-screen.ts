// Which parts of the dashboard are on screen: the board computes those first after a change.

type Listener = (visible: boolean) => void;

let observer: IntersectionObserver | null = null;
const listeners = new WeakMap<Element, Listener>();

function shared(): IntersectionObserver | null {
  if (typeof IntersectionObserver === 'undefined') return null;
  observer ??= new IntersectionObserver((entries) => {
    for (const entry of entries) listeners.get(entry.target)?.(entry.isIntersecting);
  });
  return observer;
}

/** A Svelte action: calls `listener` with whether the element is in the viewport, as that changes. */
export function onScreen(node: Element, listener: Listener): { destroy(): void } {
  const io = shared();
  listeners.set(node, listener);
  io?.observe(node);
  return {
    destroy() {
      io?.unobserve(node);
      listeners.delete(node);
      listener(false);
    },
  };
}
