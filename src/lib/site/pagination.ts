/** Long lists are split into pages so a 10,000-entry catalogue still has small pages. */
export const PAGE_SIZE = 50;
