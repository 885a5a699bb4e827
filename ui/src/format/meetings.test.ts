import { describe, expect, it } from 'vitest';
import { setDisplayTimeZone } from './dates';
import {
  groupUpcoming,
  mailtoHref,
  meetingPhase,
  nextMeetingByDocument,
  safeHttpsUrl,
} from './meetings';
import { meeting } from '../test/meetingFixtures';

describe('safeHttpsUrl', () => {
  it('keeps https links', () => {
    expect(safeHttpsUrl('https://zoom.example.com/j/1?pwd=x')).toBe(
      'https://zoom.example.com/j/1?pwd=x',
    );
    expect(safeHttpsUrl('  https://meet.example.com/abc  ')).toBe('https://meet.example.com/abc');
  });

  it.each([
    'javascript:alert(1)',
    'JAVASCRIPT:alert(1)',
    ' javascript:alert(document.cookie)',
    'data:text/html,<script>alert(1)</script>',
    'http://zoom.example.com/j/1',
    'file:///etc/passwd',
    'quotla://oauth/calendly?code=x',
    'not a url',
    '',
    'https://',
    '//evil.example.com',
  ])('refuses %j', (url) => {
    expect(safeHttpsUrl(url)).toBeNull();
  });

  it('refuses nothing at all', () => {
    expect(safeHttpsUrl(null)).toBeNull();
    expect(safeHttpsUrl(undefined)).toBeNull();
  });
});

describe('meetingPhase', () => {
  const now = new Date('2030-03-10T15:00:00Z');
  it('derives completed from the end time', () => {
    expect(meetingPhase(meeting({ end_time: '2030-03-10T14:30:00Z' }), now)).toBe('completed');
    expect(meetingPhase(meeting({ end_time: '2030-03-10T15:30:00Z' }), now)).toBe('upcoming');
  });
  it('tells a move from a cancellation', () => {
    expect(meetingPhase(meeting({ status: 'canceled', rescheduled: true }), now)).toBe('moved');
    expect(meetingPhase(meeting({ status: 'canceled' }), now)).toBe('canceled');
    expect(meetingPhase(meeting({ no_show: true }), now)).toBe('no_show');
  });
});

describe('groupUpcoming', () => {
  it('groups by day in the display zone, soonest first, leaving out the rest', () => {
    setDisplayTimeZone('America/New_York');
    // 23:30 on Mar 9 in New York (UTC-4 after the Mar 8 DST change).
    const now = new Date('2030-03-10T03:30:00Z');
    const late = meeting({ start_time: '2030-03-10T03:45:00Z', end_time: '2030-03-10T04:15:00Z' });
    const tomorrow = meeting({
      start_time: '2030-03-10T14:00:00Z',
      end_time: '2030-03-10T14:30:00Z',
    });
    const later = meeting({ start_time: '2030-03-12T14:00:00Z', end_time: '2030-03-12T14:30:00Z' });
    const canceled = meeting({
      status: 'canceled',
      start_time: '2030-03-10T16:00:00Z',
      end_time: '2030-03-10T16:30:00Z',
    });
    const groups = groupUpcoming([later, canceled, tomorrow, late], now);
    expect(groups.map((g) => [g.group, g.meetings.map((m) => m.invitee_uri)])).toEqual([
      ['today', [late.invitee_uri]],
      ['tomorrow', [tomorrow.invitee_uri]],
      ['later', [later.invitee_uri]],
    ]);
  });

  it('is empty without upcoming meetings', () => {
    expect(groupUpcoming([], new Date())).toEqual([]);
  });
});

describe('nextMeetingByDocument', () => {
  it('picks the soonest upcoming meeting of each quote and invoice', () => {
    const now = new Date('2030-01-01T00:00:00Z');
    const soon = meeting({
      quote_id: 7,
      start_time: '2030-02-01T10:00:00Z',
      end_time: '2030-02-01T10:30:00Z',
    });
    const late = meeting({
      quote_id: 7,
      start_time: '2030-03-01T10:00:00Z',
      end_time: '2030-03-01T10:30:00Z',
    });
    const gone = meeting({ invoice_id: 3, status: 'canceled' });
    const { quotes, invoices } = nextMeetingByDocument([late, soon, gone], now);
    expect(quotes.get(7)?.invitee_uri).toBe(soon.invitee_uri);
    expect(invoices.size).toBe(0);
  });
});

describe('mailtoHref', () => {
  it('encodes the address, subject and body so nothing breaks out of the URL', () => {
    const href = mailtoHref({
      to: 'a&b@example.com',
      clientName: 'Ada & Co',
      businessName: 'Avery Studio',
      link: 'https://calendly.com/d/abc?utm_content=x&name=A%20B',
      about: 'quote Q-0001',
    });
    expect(href.startsWith('mailto:a%26b%40example.com?subject=')).toBe(true);
    const params = new URLSearchParams(href.slice(href.indexOf('?') + 1));
    expect(params.get('subject')).toBe("Let's talk about quote Q-0001");
    expect(params.get('body')).toContain('https://calendly.com/d/abc?utm_content=x&name=A%20B');
    expect(params.get('body')).toContain('Hello Ada & Co,');
  });
});
