// GET /openapi.json (from openapi.yaml) and /docs, an interactive reference page served
// from the swagger-ui-dist npm package (no CDN: works offline).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import express, { Router } from 'express';
import { parse } from 'yaml';
import { projectRoot } from './db/migrate';

const PAGE = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8" />
  <title>Commerce API reference</title>
  <link rel="stylesheet" href="/docs/assets/swagger-ui.css" />
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="/docs/assets/swagger-ui-bundle.js"></script>
  <script src="/docs/init.js"></script>
</body>
</html>`;

const INIT = `window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#swagger-ui', deepLinking: true });`;

export function loadOpenApi(): unknown {
  return parse(readFileSync(path.join(projectRoot(), 'openapi.yaml'), 'utf8'));
}

export function openApiRouter(): Router {
  const spec = JSON.stringify(loadOpenApi());
  const assets = path.dirname(require.resolve('swagger-ui-dist/package.json'));
  const r = Router();
  r.get('/openapi.json', (_req, res) => {
    res.type('application/json').send(spec);
  });
  r.get('/docs', (_req, res) => {
    res.type('html').send(PAGE);
  });
  r.get('/docs/init.js', (_req, res) => {
    res.type('application/javascript').send(INIT);
  });
  r.use('/docs/assets', express.static(assets, { index: false, maxAge: '1h' }));
  return r;
}
