import { ErrorAlert } from '../../components/ErrorAlert';

/** A failed write of national programme support: a broken rule (which stage, which dates) in the reader's language. */
export function ProgrammeErrorAlert({ error }: { error: unknown }) {
  return <ErrorAlert error={error} />;
}
