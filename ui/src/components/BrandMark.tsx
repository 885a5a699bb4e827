/** The Quotla mark: an indigo tile with a "Q", drawn inline so no asset request is needed. */
export function BrandMark({ size = 28 }: { size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 32 32" aria-hidden="true">
      <rect width="32" height="32" rx="8" fill="#4c6ef5" />
      <circle cx="15" cy="15" r="7.5" fill="none" stroke="white" strokeWidth="3" />
      <path d="M18.5 18.5 L24 24" stroke="white" strokeWidth="3" strokeLinecap="round" />
    </svg>
  );
}
