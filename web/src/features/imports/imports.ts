import { type ApiBody, type ApiResponse, http } from '../../api/http';

export type ImportPreview = ApiResponse<'/api/imports/officials/preview', 'post'>;
export type ImportPreviewRow = ImportPreview['rows'][number];
export type ImportResult = ApiResponse<'/api/imports/officials/commit', 'post'>;
export type ImportFile = ApiBody<'/api/imports/officials/preview'>;

export const previewImport = (file: ImportFile) => http.post('/imports/officials/preview', file);
export const commitImport = (file: ApiBody<'/api/imports/officials/commit'>) => http.post('/imports/officials/commit', file);

export const templateUrl = (format: 'csv' | 'xlsx', lang: 'en' | 'fr') =>
  `/api/imports/officials/template?format=${format}&lang=${lang}`;

/** The file's bytes as base64, without the data-URL prefix. */
export function readAsBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
}

/** Files above this size are refused before upload (the API accepts 15 MB of base64). */
export const MAX_FILE_BYTES = 10 * 1024 * 1024;
