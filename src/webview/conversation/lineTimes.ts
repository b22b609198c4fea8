// How a line's time reads, in VS Code's display language (the locale the panel passes): the time
// alone today, with the day this year, with the year otherwise. The hour is as the language writes
// it (no 12-hour clock or zero padding forced). Pure (no DOM), so Node tests load it.

export type TimeStyle = 'today' | 'thisYear' | 'otherYear';

/** How much of the date a line's time needs, seen at `now` (both ms; the viewer's time zone). */
export function timeStyle(time: number, now: number): TimeStyle {
  const t = new Date(time);
  const n = new Date(now);
  if (t.getFullYear() !== n.getFullYear()) return 'otherYear';
  return t.getMonth() === n.getMonth() && t.getDate() === n.getDate() ? 'today' : 'thisYear';
}

const OPTIONS: Record<TimeStyle, Intl.DateTimeFormatOptions> = {
  today: { hour: 'numeric', minute: '2-digit' },
  thisYear: { day: 'numeric', month: 'short', hour: 'numeric', minute: '2-digit' },
  otherYear: { day: 'numeric', month: 'short', year: 'numeric', hour: 'numeric', minute: '2-digit' },
};

/** Formats times of lines in one locale (a locale Intl does not know: its default). */
export function lineTimeFormat(locale: string, now: () => number = Date.now): (time: number) => string {
  const formats = new Map<TimeStyle, Intl.DateTimeFormat>();
  const format = (style: TimeStyle) => {
    let f = formats.get(style);
    if (!f) {
      try {
        f = new Intl.DateTimeFormat(locale, OPTIONS[style]);
      } catch {
        f = new Intl.DateTimeFormat(undefined, OPTIONS[style]);
      }
      formats.set(style, f);
    }
    return f;
  };
  return (time) => format(timeStyle(time, now())).format(new Date(time));
}

/** The full date and time (a time's tooltip, a line's spoken label). */
export function fullTimeFormat(locale: string): (time: number) => string {
  let f: Intl.DateTimeFormat;
  try {
    f = new Intl.DateTimeFormat(locale, { dateStyle: 'full', timeStyle: 'short' });
  } catch {
    f = new Intl.DateTimeFormat(undefined, { dateStyle: 'full', timeStyle: 'short' });
  }
  return (time) => f.format(new Date(time));
}
