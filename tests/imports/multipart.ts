// A multipart/form-data body for app.inject: file parts named after their endpoint, plus fields.
export function multipart(files: Record<string, { filename: string; content: string }>, fields: Record<string, string> = {}) {
  const boundary = `----import-test-${Math.random().toString(36).slice(2)}`;
  const parts: string[] = [];
  for (const [name, value] of Object.entries(fields)) parts.push(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`);
  for (const [name, file] of Object.entries(files)) {
    parts.push(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"; filename="${file.filename}"\r\nContent-Type: application/json\r\n\r\n${file.content}\r\n`);
  }
  parts.push(`--${boundary}--\r\n`);
  return { payload: Buffer.from(parts.join('')), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/** The folder of a fixture as multipart files, JSON arrays. */
export function filesOf(folder: Record<string, unknown[]>) {
  return Object.fromEntries(Object.entries(folder).map(([name, items]) => [name, { filename: `${name}.json`, content: JSON.stringify(items) }]));
}
