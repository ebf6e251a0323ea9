// How times and numbers read on pages. Times are shown in UTC and say so: the server cannot know
// the reader's zone, and a wrong local time is worse than a labelled UTC one.
const timeFormat = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });

export const formatTime = (iso: string | Date) => `${timeFormat.format(typeof iso === 'string' ? new Date(iso) : iso)} UTC`;

export const formatNumber = (value: number | null | undefined, digits = 2) => (value === null || value === undefined ? '–' : value.toFixed(digits));
