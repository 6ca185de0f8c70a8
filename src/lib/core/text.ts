/** Words too common in this domain to say anything about similarity. */
const STOPWORDS = new Set(
  `a an and are as at be by can for from has have in into is it its not of on or that the this to was were when which
  with without will after before during while does do may must than then there their they them these those after
  openstack service services failure fails failed error errors instance instances`.split(/\s+/),
);

/** Lowercase word tokens of three or more characters, without stopwords. */
export function tokenize(text: string): string[] {
  const tokens: string[] = [];
  for (const raw of text.toLowerCase().split(/[^a-z0-9_]+/)) {
    if (raw.length >= 3 && !STOPWORDS.has(raw) && !/^\d+$/.test(raw)) tokens.push(raw);
  }
  return tokens;
}
