// Saving what a view shows: its chart as SVG or PNG, its rows as CSV. Everything is made in
// the page and handed to the browser as a download; nothing is sent anywhere.

/** A table of what a view shows, for its CSV export. */
export interface ViewTable {
  columns: string[];
  rows: unknown[][];
}

/** Offers a file download. */
export function download(name: string, content: Blob): void {
  const url = URL.createObjectURL(content);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** The chart's main SVG in a view: the widest one (a legend is a small SVG of its own). */
export function chartSvg(host: Element): SVGSVGElement | null {
  const svgs = [...host.querySelectorAll('svg')].filter((svg) => !svg.closest('svg:not(:scope)'));
  let best: SVGSVGElement | null = null;
  for (const svg of svgs) if (!best || svg.width.baseVal.value > best.width.baseVal.value) best = svg;
  return best;
}

/**
 * A standalone SVG document of a chart: namespaces set, CSS variables replaced by their values
 * (a file has no page stylesheet), the page's font named, a white background.
 */
export function standaloneSvg(svg: SVGSVGElement): string {
  const copy = svg.cloneNode(true) as SVGSVGElement;
  copy.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  copy.setAttribute('xmlns:xlink', 'http://www.w3.org/1999/xlink');
  const style = getComputedStyle(document.documentElement);
  copy.style.background = 'white';
  copy.style.fontFamily = getComputedStyle(svg).fontFamily;
  return copy.outerHTML.replace(/var\((--[\w-]+)\)/g, (whole, name: string) => {
    const value = style.getPropertyValue(name).trim();
    return value || whole;
  });
}

/** Draws an SVG document on a canvas at twice its size and gives it as PNG. */
export async function svgToPng(svgText: string, width: number, height: number): Promise<Blob> {
  const scale = 2;
  const image = new Image();
  const url = URL.createObjectURL(new Blob([svgText], { type: 'image/svg+xml' }));
  try {
    image.src = url;
    await image.decode();
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(width * scale);
    canvas.height = Math.round(height * scale);
    const context = canvas.getContext('2d');
    if (!context) throw new Error('This browser cannot draw images.');
    context.fillStyle = 'white';
    context.fillRect(0, 0, canvas.width, canvas.height);
    context.drawImage(image, 0, 0, canvas.width, canvas.height);
    return await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('No PNG was made.'))), 'image/png'),
    );
  } finally {
    URL.revokeObjectURL(url);
  }
}

/** A file name from a view's title and range: `revenue-by-week-2024-01-01-2024-03-31.svg`. */
export function fileName(title: string, range: string, extension: string): string {
  const slug = `${title} ${range}`
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 100);
  return `${slug || 'chart'}.${extension}`;
}
