/**
 * Hands bytes to the browser as a download (Blob + <a download>). Works the same in the browser
 * host and in Electron, where the download goes through the session's save dialog.
 */
export const downloadBytes = (bytes: Uint8Array | Uint8Array[], filename: string, type: string): void => {
  const parts = (Array.isArray(bytes) ? bytes : [bytes]) as BlobPart[];
  const url = URL.createObjectURL(new Blob(parts, { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  // Revoke later: the download reads the blob after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
};
