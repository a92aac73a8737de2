// node scripts/precompress.mjs FILE… — writes FILE.br (Brotli, quality 11) and FILE.gz (gzip -9)
// next to each file. The server sends them to browsers that accept them (leptos_axum's ServeDir),
// so the site's files are compressed once, at build time, as small as they get.
import { readFileSync, writeFileSync } from 'node:fs';
import { brotliCompressSync, gzipSync, constants } from 'node:zlib';

for (const file of process.argv.slice(2)) {
  const data = readFileSync(file);
  writeFileSync(`${file}.br`, brotliCompressSync(data, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
      [constants.BROTLI_PARAM_SIZE_HINT]: data.length,
    },
  }));
  writeFileSync(`${file}.gz`, gzipSync(data, { level: 9 }));
}
