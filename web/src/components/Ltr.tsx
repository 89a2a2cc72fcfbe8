import type { ReactNode } from 'react';

/**
 * Emails, codes and addresses read left to right even in Arabic. An inline element with `dir`
 * isolates them from the surrounding right-to-left text without changing the alignment of the
 * cell or paragraph they sit in (a block with `dir="ltr"` would jump to the other side).
 */
export function Ltr({ children }: { children: ReactNode }) {
  return <span dir="ltr">{children}</span>;
}
