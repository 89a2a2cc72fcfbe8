import { Alert } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { ApiError, type ApiErrorCode, type RuleParams } from '../api/client';
import { formatWait } from '../i18n/format';

export type ErrorOverrides = Partial<Record<ApiErrorCode, string>>;

/** A broken rule in the reader's language (`rules.<rule>` filled with its values), else `fallback`. */
export function ruleText(t: TFunction, broken: { rule?: string | null; params?: RuleParams }, fallback: string): string {
  return broken.rule ? t(`rules.${broken.rule}`, { ...broken.params, defaultValue: fallback }) : fallback;
}

/**
 * The user-facing text of a failed request: the screen's own wording for its code, else the
 * catalogue's wording of the rule it broke (`rules.<rule>`, filled with the rule's values), else
 * the catalogue's wording of its code.
 */
export function describeError(t: TFunction, error: unknown, overrides: ErrorOverrides = {}): string {
  if (!(error instanceof ApiError)) return t('errors.unexpected');
  const override = overrides[error.code];
  if (override) return override;
  if (error.rule) return ruleText(t, error, error.message);
  if (error.code === 'RATE_LIMITED' && error.retryAfterSeconds !== null) {
    return t('errors.rateLimitedWait', { wait: formatWait(error.retryAfterSeconds) });
  }
  if (error.code === 'SIGN_IN_LOCKED' && error.retryAfterSeconds !== null) {
    return t('errors.signInLockedWait', { wait: formatWait(error.retryAfterSeconds) });
  }
  if (error.code === 'VALIDATION_FAILED' && error.details.length > 0) {
    return t('errors.validationFields', { fields: error.details.map((d) => d.path).join(', ') });
  }
  // `reason` carries the server's own explanation; the catalogue decides whether to show it
  // (it does for RULE_VIOLATION and CONFLICT, whose reasons are specific to the case).
  return t(`errors.${error.code}`, { defaultValue: error.message, reason: error.message });
}

type ErrorAlertProps = { error: unknown; overrides?: ErrorOverrides; title?: string };

export function ErrorAlert({ error, overrides, title }: ErrorAlertProps) {
  const { t } = useTranslation();
  // The request id helps support trace a server fault; for an ordinary refusal it is noise.
  const requestId = error instanceof ApiError && error.status >= 500 ? error.requestId : null;
  return (
    <Alert color="red" icon={<IconAlertTriangle size={18} />} title={title} role="alert">
      {describeError(t, error, overrides)}
      {requestId && (
        <div>
          <small>{t('errors.requestId', { id: requestId })}</small>
        </div>
      )}
    </Alert>
  );
}
