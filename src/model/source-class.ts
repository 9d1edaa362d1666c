import { literal } from '../sql/sql';

// Traffic source classes from source / medium / campaign / referrer values, as UTM tags, GA
// channel groupings and GA4 "source / medium" pairs write them.

/** The classes the KPIs split traffic by. */
export const SOURCE_CLASSES = [
  'direct',
  'organic search',
  'paid search',
  'social',
  'email',
  'referral',
  'display',
  'other',
] as const;

export type SourceClass = (typeof SOURCE_CLASSES)[number];

const SEARCH_ENGINES = [
  'google',
  'bing',
  'yahoo',
  'duckduckgo',
  'ecosia',
  'baidu',
  'yandex',
  'qwant',
  'startpage',
];
const SOCIAL = [
  'facebook',
  'instagram',
  'pinterest',
  'tiktok',
  'twitter',
  'x',
  't.co',
  'linkedin',
  'lnkd.in',
  'youtube',
  'reddit',
  'snapchat',
  'threads',
  'fb',
  'ig',
  'm.facebook.com',
  'l.facebook.com',
  'lm.facebook.com',
];
const EMAIL_SOURCES = [
  'newsletter',
  'klaviyo',
  'mailchimp',
  'email',
  'e-mail',
  'sendinblue',
  'brevo',
  'mailerlite',
];
const PAID_SEARCH_MEDIA = ['cpc', 'ppc', 'paidsearch', 'paid_search', 'paid-search', 'sem', 'search'];
const PAID_SOCIAL_MEDIA = ['paid_social', 'paidsocial', 'paid-social', 'social_paid', 'social-paid'];
const DISPLAY_MEDIA = ['display', 'banner', 'cpm', 'remarketing', 'retargeting', 'programmatic'];
const SOCIAL_MEDIA = ['social', 'social-network', 'social_network', 'social-media', 'social_media', 'sm'];
const EMAIL_MEDIA = ['email', 'e-mail', 'e_mail', 'newsletter', 'mail'];
const DIRECT = ['(direct)', 'direct', '(none)', 'none', '(not set)', ''];
// GA channel groupings, lower-cased.
const GROUPINGS: Record<string, SourceClass> = {
  direct: 'direct',
  'organic search': 'organic search',
  'paid search': 'paid search',
  'organic social': 'social',
  'paid social': 'social',
  social: 'social',
  email: 'email',
  referral: 'referral',
  display: 'display',
  'paid shopping': 'paid search',
  'organic shopping': 'organic search',
  'cross-network': 'display',
  affiliates: 'other',
  '(other)': 'other',
  unassigned: 'other',
};

const list = (values: string[]): string => values.map((v) => literal(v)).join(', ');

/**
 * A CASE expression giving the source class of a row. Each argument is SQL (a column or NULL);
 * a GA4-style "google / organic" in `source` is split into source and medium first.
 */
export function sourceClassSql(source: string, medium: string, referrer = 'NULL'): string {
  const raw = `lower(trim(coalesce(CAST(${source} AS VARCHAR), '')))`;
  const s = `trim(split_part(${raw}, ' / ', 1))`;
  const m = `trim(coalesce(nullif(lower(trim(coalesce(CAST(${medium} AS VARCHAR), ''))), ''), CASE WHEN ${raw} LIKE '% / %' THEN split_part(${raw}, ' / ', 2) ELSE '' END))`;
  const r = `lower(coalesce(CAST(${referrer} AS VARCHAR), ''))`;
  const groupings = Object.entries(GROUPINGS)
    .map(([name, cls]) => `WHEN ${raw} = ${literal(name)} AND ${m} = '' THEN ${literal(cls)}`)
    .join(' ');
  const socialSource = `(list_contains([${list(SOCIAL)}], ${s}) OR regexp_matches(${s}, '(^|\\.)(facebook|instagram|pinterest|tiktok|linkedin|youtube|reddit)\\.'))`;
  const searchSource = `(list_contains([${list(SEARCH_ENGINES)}], ${s}) OR regexp_matches(${s}, '(^|\\.)(google|bing|yahoo|duckduckgo|ecosia)\\.'))`;
  return `CASE
    ${groupings}
    WHEN list_contains([${list(PAID_SOCIAL_MEDIA)}], ${m}) THEN 'social'
    WHEN list_contains([${list(PAID_SEARCH_MEDIA)}], ${m}) AND ${socialSource} THEN 'social'
    WHEN list_contains([${list(PAID_SEARCH_MEDIA)}], ${m}) THEN 'paid search'
    WHEN list_contains([${list(DISPLAY_MEDIA)}], ${m}) THEN 'display'
    WHEN list_contains([${list(EMAIL_MEDIA)}], ${m}) OR list_contains([${list(EMAIL_SOURCES)}], ${s}) THEN 'email'
    WHEN ${m} = 'organic' OR (${m} = '' AND ${searchSource}) THEN 'organic search'
    WHEN list_contains([${list(SOCIAL_MEDIA)}], ${m}) OR ${socialSource} THEN 'social'
    WHEN ${m} = 'referral' THEN 'referral'
    WHEN list_contains([${list(DIRECT)}], ${s}) AND list_contains([${list(DIRECT)}], ${m}) AND ${r} = '' THEN 'direct'
    WHEN ${m} = '' AND ${r} <> '' THEN 'referral'
    ELSE 'other'
  END`;
}

/** Whether the traffic was paid for, from its medium (or a GA grouping that says so). */
export function paidSql(source: string, medium: string): string {
  const raw = `lower(trim(coalesce(CAST(${source} AS VARCHAR), '')))`;
  const m = `trim(coalesce(nullif(lower(trim(coalesce(CAST(${medium} AS VARCHAR), ''))), ''), CASE WHEN ${raw} LIKE '% / %' THEN split_part(${raw}, ' / ', 2) ELSE '' END))`;
  const paid = [
    ...PAID_SEARCH_MEDIA,
    ...PAID_SOCIAL_MEDIA,
    ...DISPLAY_MEDIA,
    'paid',
    'affiliate',
    'cpa',
    'cpv',
  ];
  return `(list_contains([${list(paid)}], ${m}) OR list_contains(['paid search', 'paid social', 'display', 'paid shopping', 'cross-network', 'affiliates'], ${raw}))`;
}
