import { Badge, type MantineSize } from '@mantine/core';
import { PHASE_COLOR, PHASE_LABEL, type MeetingPhase } from '../../format/meetings';

/** Where a meeting stands (upcoming, completed, canceled, moved, no-show), as a badge. */
export function MeetingPhaseBadge({
  phase,
  size,
  testId,
}: {
  phase: MeetingPhase;
  size?: MantineSize;
  testId?: string;
}) {
  return (
    <Badge
      variant="light"
      color={PHASE_COLOR[phase]}
      size={size}
      // Mantine clips a badge's label; a table cell must not cut "Completed".
      style={{ overflow: 'visible' }}
      data-testid={testId}
    >
      {PHASE_LABEL[phase]}
    </Badge>
  );
}
