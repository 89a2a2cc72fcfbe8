import { Button, Modal, type ModalProps, Stack } from '@mantine/core';
import type { FormEvent, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert, type ErrorOverrides } from '../ErrorAlert';
import { FormActions } from './FormActions';

type FormModalProps = {
  opened: boolean;
  onClose(): void;
  title: ReactNode;
  size?: ModalProps['size'];
  /** The record the form edits ('new' for a new one): a different record starts a fresh form. */
  formKey: string;
  children: ReactNode;
};

/** A modal whose form is mounted only while it is open, so that every opening starts from the record. */
export function FormModal({ opened, onClose, title, size, formKey, children }: FormModalProps) {
  const { t } = useTranslation();
  return (
    <Modal opened={opened} onClose={onClose} size={size} title={title} closeButtonProps={{ 'aria-label': t('common.close') }}>
      {opened && <div key={formKey}>{children}</div>}
    </Modal>
  );
}

type ModalFormProps = {
  form: { submit(event: FormEvent): void; saving: boolean; saveError: unknown };
  onCancel(): void;
  /** The save button's test id. */
  saveTestId?: string;
  saveLabel?: string;
  /** The form's test id. */
  testId?: string;
  /** The screen's own wording of a refusal (see ErrorAlert). */
  errorOverrides?(error: unknown): ErrorOverrides;
  children: ReactNode;
};

/** The body of a form modal: the refusal of the last save, the fields, then Cancel and Save. */
export function ModalForm({ form, onCancel, saveTestId, saveLabel, testId, errorOverrides, children }: ModalFormProps) {
  const { t } = useTranslation();
  return (
    <form onSubmit={form.submit} noValidate data-testid={testId}>
      <Stack>
        {form.saveError !== null && <ErrorAlert error={form.saveError} overrides={errorOverrides?.(form.saveError)} />}
        {children}
        <FormActions onCancel={onCancel}>
          <Button type="submit" loading={form.saving} data-testid={saveTestId}>
            {saveLabel ?? t('common.save')}
          </Button>
        </FormActions>
      </Stack>
    </form>
  );
}
