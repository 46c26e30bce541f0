// The one cache of Intl formatters. Creating one costs far more than formatting with it, and values
// are formatted per message and axes per draw, while a page uses only a handful of locale and option
// pairs.
const cache = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();
/** Only guards against a caller that varies locales or options without end. */
const maxFormatters = 64;

/**
 * A cached `Intl.NumberFormat`. Throws a RangeError that says how to write a locale when `locale` is
 * not a language tag. `signDisplay: 'negative'` (newer than some engines) falls back to the default.
 */
export function numberFormat(
  locale: string | undefined,
  options: Intl.NumberFormatOptions,
): Intl.NumberFormat {
  return cached(
    `n|${locale ?? ''}|${JSON.stringify(options)}`,
    () => {
      try {
        return new Intl.NumberFormat(locale, options);
      } catch (error) {
        if (options.signDisplay === undefined) throw error;
        const { signDisplay: _unsupported, ...rest } = options;
        return new Intl.NumberFormat(locale, rest);
      }
    },
    locale,
  );
}

/** A cached `Intl.DateTimeFormat`; throws like {@link numberFormat} for a locale that is not a tag. */
export function dateTimeFormat(
  locale: string | undefined,
  options: Intl.DateTimeFormatOptions,
): Intl.DateTimeFormat {
  return cached(
    `d|${locale ?? ''}|${JSON.stringify(options)}`,
    () => new Intl.DateTimeFormat(locale, options),
    locale,
  );
}

function cached<F extends Intl.NumberFormat | Intl.DateTimeFormat>(
  key: string,
  create: () => F,
  locale: string | undefined,
): F {
  let format = cache.get(key) as F | undefined;
  if (format) return format;
  try {
    format = create();
  } catch (error) {
    if (error instanceof RangeError && locale !== undefined) {
      throw new RangeError(
        `locale "${locale}" is not a valid language tag: use e.g. "en-US", "de" or "ja-JP".`,
      );
    }
    throw error;
  }
  if (cache.size >= maxFormatters) cache.clear();
  cache.set(key, format);
  return format;
}
