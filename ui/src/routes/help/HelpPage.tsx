import { Anchor, Grid, NavLink, Paper, Stack, Text, Typography } from '@mantine/core';
import { IconBook } from '@tabler/icons-react';
import Markdown from 'markdown-to-jsx/react';
import type { ReactNode } from 'react';
import { Link, NavLink as RouterLink, useParams } from 'react-router';
import { useOpenOrNotify } from '../../api/external';
import { Page } from '../../components/Page';
import { EmptyState } from '../../components/States';
import { safeHttpsUrl } from '../../format/meetings';
import { ARTICLES, article } from './articles';

/**
 * A link inside an article: another article opens here, an https page in the browser;
 * anything else stays text.
 */
function ArticleLink({ href, children }: { href?: string; children?: ReactNode }) {
  const open = useOpenOrNotify();
  const internal = href ? /^(?:\.\/)?([a-z0-9-]+)\.md(#.*)?$/.exec(href) : null;
  if (internal) {
    return (
      <Anchor component={Link} to={`/help/${internal[1]}`}>
        {children}
      </Anchor>
    );
  }
  const page = safeHttpsUrl(href);
  if (page) {
    return (
      <Anchor
        component="button"
        onClick={() => open(page, 'Could not open the page')}
        style={{ verticalAlign: 'baseline' }}
      >
        {children}
      </Anchor>
    );
  }
  return <>{children}</>;
}

/** An article's Markdown as React elements; any raw HTML in it stays text. */
export function ArticleBody({ body }: { body: string }) {
  return (
    <Typography>
      <Markdown
        options={{
          disableParsingRawHTML: true,
          overrides: { a: { component: ArticleLink } },
        }}
      >
        {body}
      </Markdown>
    </Typography>
  );
}

/** The bundled help articles, with an index beside the open one. */
export function HelpPage() {
  const { slug } = useParams();
  const current = article(slug) ?? ARTICLES[0];
  return (
    <Page title="Help" subtitle="Using Calendly with Quotla" testId="help-page">
      {current ? (
        <Grid gutter="lg">
          <Grid.Col span={3}>
            <Stack gap={2} component="nav" aria-label="Help articles">
              {ARTICLES.map((a) => (
                <RouterLink key={a.slug} to={`/help/${a.slug}`} style={{ textDecoration: 'none' }}>
                  {() => (
                    <NavLink
                      component="span"
                      label={a.title}
                      active={a.slug === current.slug}
                      data-testid={`help-link-${a.slug}`}
                    />
                  )}
                </RouterLink>
              ))}
            </Stack>
          </Grid.Col>
          <Grid.Col span={9}>
            <Paper withBorder p="xl" data-testid="help-article">
              <ArticleBody body={current.body} />
            </Paper>
          </Grid.Col>
        </Grid>
      ) : (
        <EmptyState icon={<IconBook size={28} />} title="No help articles in this build" />
      )}
      {slug !== undefined && !article(slug) && (
        <Text fz="sm" c="dimmed" mt="md">
          That article does not exist; showing the first one.
        </Text>
      )}
    </Page>
  );
}
