// Inline SVG sparklines for the overview: nine ECharts instances would cost more than the
// whole page, and these need no axes or tooltips.
import { h } from './dom';
import { known } from './format';

/** Inline SVG sparkline; nulls break the line instead of dropping to zero. */
export function sparkline(values: (number | null)[], label: string): SVGSVGElement | HTMLElement {
  const pts = values.map((v, i) => [i, v] as const).filter(([, v]) => known(v)) as [number, number][];
  if (pts.length < 2) return h('span', { class: 'spark-empty' }, 'no trend data');
  const w = 120, hgt = 32;
  const min = Math.min(...pts.map((p) => p[1]));
  const max = Math.max(...pts.map((p) => p[1]));
  const x = (i: number) => (i / Math.max(1, values.length - 1)) * w;
  const y = (v: number) => (max === min ? hgt / 2 : hgt - 2 - ((v - min) / (max - min)) * (hgt - 4));
  let d = '';
  let pen = false;
  values.forEach((v, i) => {
    if (!known(v)) { pen = false; return; }
    d += `${pen ? 'L' : 'M'}${x(i).toFixed(1)},${y(v).toFixed(1)}`;
    pen = true;
  });
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('viewBox', `0 0 ${w} ${hgt}`);
  svg.setAttribute('class', 'spark');
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', label);
  const path = document.createElementNS(ns, 'path');
  path.setAttribute('d', d);
  svg.append(path);
  return svg;
}
