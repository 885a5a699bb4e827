// The user documentation in docs/help, bundled at build time: an installed app has no
// repository beside it.
const sources = import.meta.glob('../../../../docs/help/*.md', {
  query: '?raw',
  import: 'default',
  eager: true,
}) as Record<string, string>;

export interface Article {
  /** File name without `.md`, as used in `#/help/<slug>`. */
  slug: string;
  title: string;
  body: string;
}

/** The order the help index lists them in. */
const ORDER = [
  'sending-documents',
  'connect-calendly',
  'scheduling-meetings',
  'managing-the-integration',
  'faq',
];

function titleOf(body: string, slug: string): string {
  return /^#\s+(.+)$/m.exec(body)?.[1].trim() ?? slug;
}

export const ARTICLES: Article[] = Object.entries(sources)
  .map(([path, body]) => {
    const slug = path.split('/').pop()!.replace(/\.md$/, '');
    return { slug, title: titleOf(body, slug), body };
  })
  .sort((a, b) => {
    const rank = (s: string) => (ORDER.includes(s) ? ORDER.indexOf(s) : ORDER.length);
    return rank(a.slug) - rank(b.slug) || a.slug.localeCompare(b.slug);
  });

export function article(slug: string | undefined): Article | undefined {
  return ARTICLES.find((a) => a.slug === slug);
}
