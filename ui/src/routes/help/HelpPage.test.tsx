import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { mockBackend, renderWithProviders } from '../../test/render';
import { ARTICLES } from './articles';
import { ArticleBody, HelpPage } from './HelpPage';

describe('HelpPage', () => {
  it('bundles the five articles in their order', () => {
    expect(ARTICLES.map((a) => a.slug)).toEqual([
      'sending-documents',
      'connect-calendly',
      'scheduling-meetings',
      'managing-the-integration',
      'faq',
    ]);
    expect(ARTICLES.every((a) => a.body.length > 500 && !a.title.endsWith('.md'))).toBe(true);
  });

  it('shows an article and follows a link to another one inside the app', async () => {
    renderWithProviders(<HelpPage />, { route: '/help/scheduling-meetings', path: '/help/:slug' });
    expect(
      await screen.findByRole('heading', { name: 'Scheduling meetings with clients' }),
    ).toBeInTheDocument();
    await userEvent.click(screen.getAllByRole('link', { name: 'Connecting Calendly' })[0]);
    expect(
      await screen.findByRole('heading', { level: 1, name: 'Connecting Calendly' }),
    ).toBeInTheDocument();
  });

  it('falls back to the first article for an unknown one, and says so', async () => {
    renderWithProviders(<HelpPage />, { route: '/help/no-such-article', path: '/help/:slug' });
    expect(
      await screen.findByRole('heading', { level: 1, name: ARTICLES[0].title }),
    ).toBeInTheDocument();
    expect(screen.getByText(/does not exist; showing the first one/)).toBeInTheDocument();
  });

  it('reads no path from the address', async () => {
    renderWithProviders(<HelpPage />, {
      route: `/help/${encodeURIComponent('../../etc/passwd')}`,
      path: '/help/:slug',
    });
    expect(
      await screen.findByRole('heading', { level: 1, name: ARTICLES[0].title }),
    ).toBeInTheDocument();
    expect(screen.getByText(/does not exist/)).toBeInTheDocument();
  });

  it('opens web links in the browser and keeps raw HTML and other schemes inert', async () => {
    const calls = mockBackend({ open_external: () => null });
    renderWithProviders(
      <ArticleBody
        body={[
          '# Title',
          '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned=1">',
          '[Calendly](https://calendly.com/integrations) and [bad](javascript:alert(1)) and [file](file:///etc/passwd)',
        ].join('\n\n')}
      />,
    );
    expect(document.querySelector('script')).toBeNull();
    expect(document.querySelector('img')).toBeNull();
    expect(screen.queryByRole('link', { name: 'bad' })).toBeNull();
    expect(document.querySelector('a[href^="javascript"]')).toBeNull();
    expect(document.body).toHaveTextContent('and bad and file');
    expect(screen.queryByRole('link', { name: 'file' })).toBeNull();
    await userEvent.click(screen.getByRole('button', { name: 'Calendly' }));
    await waitFor(() =>
      expect(calls.find((c) => c.cmd === 'open_external')?.args.url).toBe(
        'https://calendly.com/integrations',
      ),
    );
    expect((window as unknown as { __pwned?: number }).__pwned).toBeUndefined();
  });
});
