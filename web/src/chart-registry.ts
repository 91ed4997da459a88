// The one piece of chart code the app shell needs: how to release the charts of the page
// being left. charts.ts (loaded on demand) registers its disposer here.
const disposers: (() => void)[] = [];

export function onDispose(fn: () => void): void {
  disposers.push(fn);
}

export function disposeCharts(): void {
  for (const fn of disposers) fn();
}

/** Loads the chart module (a separate chunk) on first use. */
export const loadCharts = () => import('./charts');
