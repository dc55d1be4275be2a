// The success envelope: {success: true, data, meta?, error: null}.
import type { Response } from 'express';

export interface PageMeta {
  page: number;
  limit: number;
  total: number;
}

export function envelope<T>(data: T, meta?: Record<string, unknown>) {
  return meta === undefined ? { success: true, data, error: null } : { success: true, data, meta, error: null };
}

export function send<T>(res: Response, status: number, data: T, meta?: PageMeta | Record<string, unknown>): void {
  res.status(status).json(envelope(data, meta as Record<string, unknown> | undefined));
}

export const ok = <T>(res: Response, data: T, meta?: PageMeta) => send(res, 200, data, meta);
export const created = <T>(res: Response, data: T) => send(res, 201, data);
export const noContent = (res: Response) => {
  res.status(204).end();
};

/** 200 with `data` given as JSON text already (e.g. straight from the cache). */
export const okJson = (res: Response, dataJson: string): void => {
  res.status(200).type('application/json').send(`{"success":true,"data":${dataJson},"error":null}`);
};
