/**
 * Counts in words, with the plural forms of the display language ("1 новое", "3 новых", "5 новых";
 * "1 new", "3 new"). A count's message is one l10n string holding its forms separated by "|", in
 * the order one|few|many|other, keeping only the forms the language has (English: one|other;
 * Russian: one|few|many, its "other" — fractions — taken as "many"). The form is chosen by
 * `Intl.PluralRules` for the display language:
 *
 *   countText(n, l10n.t("{0} new message|{0} new messages", n), locale)
 *   // ru bundle: "{0} new message|{0} new messages": "{0} новое сообщение|{0} новых сообщения|{0} новых сообщений"
 *
 * The l10n key stays a literal (l10n-dev exports it), and a translation with a form too few or too
 * many still shows a count (the nearest form), never the raw "a|b|c".
 */

/** The CLDR categories, in the order their forms are written in a count's message. */
const ORDER: readonly Intl.LDMLPluralRule[] = ['one', 'few', 'many', 'other'];

const rulesByLocale = new Map<string, Intl.PluralRules>();

function rulesFor(locale: string): Intl.PluralRules {
  let rules = rulesByLocale.get(locale);
  if (!rules) {
    try {
      rules = new Intl.PluralRules(locale);
    } catch {
      rules = new Intl.PluralRules('en');
    }
    rulesByLocale.set(locale, rules);
  }
  return rules;
}

/** The forms a language writes, in message order: English ["one", "other"], Russian ["one", "few", "many"]. */
export function pluralForms(locale: string): Intl.LDMLPluralRule[] {
  const categories = new Set(rulesFor(locale).resolvedOptions().pluralCategories);
  const written = ORDER.filter((c) => categories.has(c));
  // a language that has "many" writes no separate "other" (Russian: fractions use "many"'s form)
  return categories.has('many') ? written.filter((c) => c !== 'other') : written;
}

/** The plural category of `n` in `locale` ("one", "few", "many", "other"). */
export function pluralCategory(n: number, locale: string): Intl.LDMLPluralRule {
  return rulesFor(locale).select(n);
}

/**
 * The form of `forms` ("a|b|c", a translated count message) for `n` in `locale`. A message with
 * one form is returned as it is.
 */
export function countText(n: number, forms: string, locale: string): string {
  const parts = forms.split('|');
  if (parts.length === 1) return forms;
  const written = pluralForms(locale);
  let category = pluralCategory(n, locale);
  if (!written.includes(category)) category = written.includes('many') ? 'many' : 'other';
  const i = written.indexOf(category);
  return parts[Math.min(i < 0 ? parts.length - 1 : i, parts.length - 1)];
}
