/** Today's date in UTC, YYYY-MM-DD: the day the server's rules compare calendar dates with. */
export const today = (): string => new Date().toISOString().slice(0, 10);
