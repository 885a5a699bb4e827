import { useCallback } from 'react';
import { useSearchParams } from 'react-router';

/** The search parameter that opens a meeting's detail over whichever screen is shown. */
const MEETING_PARAM = 'meeting';

/** Opens (or with `null` closes) the meeting detail, keeping the screen beneath. */
export function useOpenMeeting() {
  const [, setParams] = useSearchParams();
  return useCallback(
    (inviteeUri: string | null) =>
      setParams((params) => {
        const next = new URLSearchParams(params);
        if (inviteeUri === null) next.delete(MEETING_PARAM);
        else next.set(MEETING_PARAM, inviteeUri);
        return next;
      }),
    [setParams],
  );
}

export function useOpenedMeeting(): string | null {
  const [params] = useSearchParams();
  return params.get(MEETING_PARAM);
}
