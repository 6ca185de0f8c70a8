/**
 * FC016: an entry's dates must be possible. A `created`, `modified`, `submitted` or withdrawal date after today
 * sorts the entry first in every "recently changed" list, the Atom feeds and `modified.csv` (which subscribers poll to
 * decide what to download) until that day comes. (A `modified` before `created` the schema rejects.) One day of
 * slack is allowed for a contributor whose local date is ahead of UTC. As time passes the rule can only turn a
 * failing entry into a passing one, never the other way, so a build that passed keeps passing.
 */
import type { Problem } from './problems.ts';

interface Dated {
  data: { created?: string; modified?: string; submitted?: string; withdrawn?: { date: string } | undefined };
  file: string;
}

/** `today` is YYYY-MM-DD in UTC (the build's day). */
export function checkEntryDates(entries: readonly Dated[], today: string): Problem[] {
  const latest = addDays(today, 1);
  const problems: Problem[] = [];
  for (const { data, file } of entries) {
    const dates: [string, string | undefined][] = [
      ['created', data.created],
      ['modified', data.modified],
      ['submitted', data.submitted],
      ['withdrawn.date', data.withdrawn?.date],
    ];
    for (const [field, date] of dates) {
      if (date !== undefined && date > latest) {
        problems.push({ code: 'FC016', file, field, message: `is ${date}, after today (${today})`, fix: `write the day the entry was written or changed, e.g. ${today}` });
      }
    }
  }
  return problems;
}

function addDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}
