// Numbers for people. Every formatter returns an em dash for null/undefined/NaN so an
// unknown is never shown as 0; callers add the reason (the API's `missing`) beside it.

const locale = 'en-US';
const currency =
  document.querySelector<HTMLMetaElement>('meta[name="oiis-currency"]')?.content || 'USD';

const moneyFmt = new Intl.NumberFormat(locale, { style: 'currency', currency, maximumFractionDigits: 2, minimumFractionDigits: 2 });
const moneyShortFmt = new Intl.NumberFormat(locale, { style: 'currency', currency, notation: 'compact', maximumFractionDigits: 1 });
const intFmt = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
const dec1Fmt = new Intl.NumberFormat(locale, { maximumFractionDigits: 1, minimumFractionDigits: 1 });
const dec2Fmt = new Intl.NumberFormat(locale, { maximumFractionDigits: 2, minimumFractionDigits: 2 });
const pctFmt = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1, minimumFractionDigits: 1 });

export const NONE = '—';

export function known(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

export const money = (v: unknown) => (known(v) ? moneyFmt.format(v) : NONE);
export const moneyShort = (v: unknown) => (known(v) ? moneyShortFmt.format(v) : NONE);
export const int = (v: unknown) => (known(v) ? intFmt.format(v) : NONE);
export const dec1 = (v: unknown) => (known(v) ? dec1Fmt.format(v) : NONE);
export const dec2 = (v: unknown) => (known(v) ? dec2Fmt.format(v) : NONE);
/** A share 0..1 as a percentage. */
export const pct = (v: unknown) => (known(v) ? pctFmt.format(v) : NONE);

/** A number whose size varies a lot (forecast means, elasticities): 2 significant decimals. */
export function num(v: unknown): string {
  if (!known(v)) return NONE;
  return Math.abs(v) >= 100 ? intFmt.format(v) : Math.abs(v) >= 10 ? dec1Fmt.format(v) : dec2Fmt.format(v);
}

/** KPI units from GET /kpis: money | count | ratio | per_year. */
export function byUnit(unit: string, v: unknown): string {
  switch (unit) {
    case 'money': return money(v);
    case 'ratio': return pct(v);
    case 'per_year': return known(v) ? `${dec2Fmt.format(v)} / yr` : NONE;
    case 'count': return known(v) && !Number.isInteger(v) ? dec1(v) : int(v);
    default: return num(v);
  }
}

/** Change from `before` to `now` as a signed percentage, or null when not comparable. */
export function change(now: unknown, before: unknown): number | null {
  if (!known(now) || !known(before) || before === 0) return null;
  return (now - before) / Math.abs(before);
}

export function signedPct(v: number | null): string {
  if (v === null) return NONE;
  return (v > 0 ? '+' : '') + pctFmt.format(v);
}

export function date(v: unknown): string {
  if (typeof v !== 'string' || !v) return NONE;
  return v.slice(0, 10);
}

export function dateTime(v: unknown): string {
  if (typeof v !== 'string' || !v) return NONE;
  return v.replace('T', ' ').replace(/:\d\dZ$/, ' UTC').replace(/Z$/, ' UTC');
}

/** snake_case feature names from the models into words. */
export function words(s: string): string {
  return s.replace(/_/g, ' ');
}
