import { describe, expect, it } from 'vitest';
import { setDisplayTimeZone } from './dates';
import {
  mailtoHref,
  meetingPhase,
  meetingTitle,
  meetingWho,
  safeHttpsUrl,
  upcomingGroupDays,
} from './meetings';
import { calendarEntry, meeting } from '../test/meetingFixtures';

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
  it('reads a calendar entry like the meeting it stands for', () => {
    expect(meetingPhase(calendarEntry({ status: 'canceled' }), now)).toBe('canceled');
    expect(meetingPhase(calendarEntry({ end_time: '2030-03-10T15:30:00Z' }), now)).toBe('upcoming');
  });
});

describe('meetingWho', () => {
  it('prefers the client, then the invitee, on a meeting', () => {
    expect(meetingWho(meeting({ client_name: null, name: null }))).toBe('ada@example.com');
    expect(meetingWho(meeting({ client_name: null, name: null, email: null }))).toBe(
      'Unknown invitee',
    );
  });
  it("takes a calendar entry's name as core resolved it", () => {
    const entry = calendarEntry({ client_name: 'Compilers Inc' });
    expect(meetingWho(entry)).toBe('Compilers Inc');
    expect(meetingWho({ ...entry, who: null })).toBe('Unknown invitee');
    expect(meetingTitle({ ...entry, event_type_name: '  ' })).toBe('Meeting');
  });
});

describe('upcomingGroupDays', () => {
  it('names today, tomorrow and later as calendar days in the display zone', () => {
    setDisplayTimeZone('America/New_York');
    // 23:30 on Mar 9 in New York, already Mar 10 in UTC.
    const now = new Date('2030-03-10T03:30:00Z');
    expect(upcomingGroupDays(now)).toEqual([
      { group: 'today', from: '2030-03-09', to: '2030-03-09' },
      { group: 'tomorrow', from: '2030-03-10', to: '2030-03-10' },
      { group: 'later', from: '2030-03-11', to: null },
    ]);
  });

  it('crosses a month end', () => {
    expect(upcomingGroupDays(new Date('2030-02-27T12:00:00Z')).map((g) => g.from)).toEqual([
      '2030-02-27',
      '2030-02-28',
      '2030-03-01',
    ]);
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
