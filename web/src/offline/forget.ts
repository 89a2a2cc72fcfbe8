import { PERSONAL_DATA_CACHE } from './caches';

/**
 * Empties what the service worker keeps of personal data (the sheets, my trainings, the session),
 * and, for a user signing out, their changes on this device: a venue laptop is shared. Every page
 * load runs it, so the device's store (Dexie) is fetched only when there are changes to delete:
 * the sign-in page on a slow link does not wait for it.
 */
export async function forgetPersonalData(signingOutUserId: string | null): Promise<void> {
  if (signingOutUserId) {
    const { offlineStore } = await import('./store');
    await offlineStore.changes.where('userId').equals(signingOutUserId).delete();
  }
  if ('caches' in window) await caches.delete(PERSONAL_DATA_CACHE);
}
