// ECharts, only the parts used (line + bar, grid, tooltip, legend, SVG renderer). Pages load
// this module with import() when they draw a chart, so it is a separate chunk that pages
// without charts (and the first paint of those with them) never wait for.
import * as echarts from 'echarts/core';
import { LineChart, BarChart } from 'echarts/charts';
import { GridComponent, TooltipComponent, LegendComponent, TitleComponent } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';
import { known, num } from './format';
import { onDispose } from './chart-registry';

echarts.use([LineChart, BarChart, GridComponent, TooltipComponent, LegendComponent, TitleComponent, SVGRenderer]);

const live = new Set<echarts.ECharts>();

// Charts of the previous page are released on every route change.
onDispose(() => {
  for (const c of live) c.dispose();
  live.clear();
});

window.addEventListener('resize', () => {
  for (const c of live) c.resize();
});

function init(el: HTMLElement): echarts.ECharts {
  const chart = echarts.init(el, undefined, { renderer: 'svg' });
  live.add(chart);
  return chart;
}

export interface BandSeries {
  dates: string[];
  mean: (number | null)[];
  lo80?: (number | null)[];
  hi80?: (number | null)[];
  lo95?: (number | null)[];
  hi95?: (number | null)[];
}

/**
 * History and forecast on one time axis; the 80/95 % intervals are drawn as stacked areas
 * (an invisible lower line plus the band's width), the usual way to shade a band in ECharts.
 */
export function forecastChart(
  el: HTMLElement,
  history: { date: string; value: number }[],
  fc: BandSeries,
  unit: string,
): void {
  const dates = [...history.map((p) => p.date), ...fc.dates];
  const pad = (vals: (number | null)[] | undefined, before: number) =>
    vals ? [...Array(before).fill(null), ...vals] : [];
  const n = history.length;
  const width = (lo?: (number | null)[], hi?: (number | null)[]) =>
    lo && hi ? hi.map((v, i) => (known(v) && known(lo[i]) ? v - (lo[i] as number) : null)) : undefined;
  const band = (name: string, lo: (number | null)[] | undefined, hi: (number | null)[] | undefined, opacity: number) =>
    lo && hi
      ? [
          { name: `${name} low`, type: 'line', data: pad(lo, n), stack: name, lineStyle: { opacity: 0 }, symbol: 'none', tooltip: { show: false } },
          { name, type: 'line', data: pad(width(lo, hi), n), stack: name, lineStyle: { opacity: 0 }, symbol: 'none', color: '#3b6fd6', itemStyle: { opacity }, areaStyle: { color: '#3b6fd6', opacity } },
        ]
      : [];
  const chart = init(el);
  chart.setOption({
    animation: false,
    grid: { left: 48, right: 16, top: 56, bottom: 32 },
    // The unit goes in the top-left corner and the legend scrolls, so neither overlaps the
    // other on a phone.
    title: { text: unit, left: 0, top: 28, textStyle: { fontSize: 11, fontWeight: 'normal', color: '#5b6475' } },
    legend: { top: 0, type: 'scroll', data: ['History', 'Forecast', '95 % interval', '80 % interval'] },
    tooltip: {
      trigger: 'axis',
      valueFormatter: (v: unknown) => (known(v) ? `${num(v)} ${unit}` : '—'),
    },
    xAxis: { type: 'category', data: dates, boundaryGap: false },
    yAxis: { type: 'value', min: 0 },
    series: [
      ...band('95 % interval', fc.lo95, fc.hi95, 0.15),
      ...band('80 % interval', fc.lo80, fc.hi80, 0.25),
      { name: 'History', type: 'line', data: [...history.map((p) => p.value), ...Array(fc.dates.length).fill(null)], symbol: 'none', color: '#333' },
      { name: 'Forecast', type: 'line', data: pad(fc.mean, n), symbol: 'none', color: '#1d4fb8', lineStyle: { width: 2 } },
    ],
  });
}

/** A line over dates (price history: a step line). */
export function lineChart(el: HTMLElement, dates: string[], values: number[], name: string, step = false): void {
  const chart = init(el);
  chart.setOption({
    animation: false,
    grid: { left: 56, right: 16, top: 16, bottom: 32 },
    tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => num(v) },
    xAxis: { type: 'category', data: dates },
    yAxis: { type: 'value', scale: true },
    series: [{ name, type: 'line', step: step ? 'end' : undefined, data: values, symbol: 'circle', symbolSize: 4, color: '#1d4fb8' }],
  });
}

/** Horizontal bars (segment revenue shares and the like). */
export function barChart(el: HTMLElement, labels: string[], values: number[], format: (v: number) => string): void {
  // Room for a two-line label per bar.
  el.style.height = `${Math.max(160, labels.length * 48)}px`;
  const chart = init(el);
  chart.setOption({
    animation: false,
    grid: { left: 8, right: 56, top: 8, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v: unknown) => (known(v) ? format(v) : '—') },
    // Values are printed on the bars, so the value axis needs no labels; category labels
    // wrap within 40 % of the width (long segment names on a phone).
    xAxis: { type: 'value', axisLabel: { show: false }, splitLine: { show: false } },
    yAxis: { type: 'category', data: labels, inverse: true, axisLabel: { width: Math.max(90, Math.min(220, el.clientWidth * 0.4)), overflow: 'break', lineHeight: 14 } },
    series: [{ type: 'bar', data: values, color: '#3b6fd6', label: { show: true, position: 'right', formatter: (p: { value: number }) => format(p.value) } }],
  });
}

// Charts inside the assistant's answers live as long as their answer, not as long as a page:
// the side panel keeps its conversation while the user moves between pages, so these are
// kept out of `live` (released on every route change) and released when their element has
// left the document.
const answerCharts = new Set<{ el: HTMLElement; chart: echarts.ECharts }>();

window.addEventListener('resize', () => {
  for (const c of answerCharts) c.chart.resize();
});

/** Re-measures the answer charts (after the conversation moved between panel and page). */
export function resizeAnswerCharts(): void {
  for (const c of answerCharts) {
    if (!c.el.isConnected) continue;
    c.chart.resize();
  }
}

export interface AnswerChartSpec {
  type: string;
  title?: string;
  x: (string | number)[];
  series: { name: string; values: (number | null)[] }[];
}

/** An agent's chart specification ({type: line|bar, title, x, series}) drawn with ECharts. */
export function answerChart(el: HTMLElement, spec: AnswerChartSpec): void {
  for (const c of answerCharts) {
    if (!c.el.isConnected && !c.el.closest('.chat')) {
      c.chart.dispose();
      answerCharts.delete(c);
    }
  }
  const chart = echarts.init(el, undefined, { renderer: 'svg' });
  answerCharts.add({ el, chart });
  const type = spec.type === 'bar' ? 'bar' : 'line';
  chart.setOption({
    animation: false,
    grid: { left: 8, right: 16, top: spec.series.length > 1 ? 32 : 12, bottom: 8, containLabel: true },
    legend: spec.series.length > 1 ? { top: 0, type: 'scroll' } : undefined,
    tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => num(v) },
    xAxis: { type: 'category', data: spec.x.map(String) },
    yAxis: { type: 'value', scale: type === 'line', axisLabel: { formatter: (v: number) => compact(v) } },
    series: spec.series.map((s, i) => ({
      name: s.name, type, data: s.values, symbol: 'circle', symbolSize: 5,
      color: ['#1d4fb8', '#c2410c', '#1f7a3a', '#7c3aed'][i % 4],
    })),
  });
}

const compactFmt = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 });
function compact(v: number): string {
  return compactFmt.format(v);
}
