// GET /.well-known/jwks.json (root, not under /api/v1): the RS256 public keys that verify
// access tokens — the current signing key and previous ones during a rotation. Public
// parameters only (kty, n, e, kid, alg, use).
import { Router } from 'express';
import type { AppContext } from '../../platform/app-context';
import { jwtService } from '../../platform/auth/jwt';

export function jwksRouter(ctx: AppContext): Router {
  const body = JSON.stringify(jwtService(ctx).jwks);
  const r = Router();
  r.get('/.well-known/jwks.json', (_req, res) => {
    res.setHeader('Cache-Control', 'public, max-age=300');
    res.type('application/json').send(body);
  });
  return r;
}
