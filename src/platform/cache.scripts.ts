// The versioned cache's Redis scripts (cache.ts): one round trip per read (the scope's version
// and its entry or entries), one per bump. Each declares only the version key; the read scripts
// build entry keys from their arguments (same `{scope}` hash tag: one slot, but undeclared —
// what issue 18's Cluster point must change).
import type { Redis } from 'ioredis';

/** Lua: `v` := the scope's version (KEYS[1]), initialised from TIME if missing (TTL: ARGV[ttlArg]). */
const versionLua = (ttlArg: number): string => `
local v = redis.call('GET', KEYS[1])
if not v then
  local t = redis.call('TIME')
  v = string.format('%.0f', tonumber(t[1]) * 1000000 + tonumber(t[2]))
  redis.call('SET', KEYS[1], v, 'EX', ARGV[${ttlArg}])
end`;

// The version and one entry: ARGV[1] entry prefix, ARGV[2] entry suffix, ARGV[3] version TTL.
const READ_LUA = `${versionLua(3)}
return {v, redis.call('GET', ARGV[1] .. v .. ARGV[2])}`;

// The version and many entries: ARGV[1] entry prefix, ARGV[2] version TTL, ARGV[3..] suffixes.
const READ_MANY_LUA = `${versionLua(2)}
local keys = {}
for i = 3, #ARGV do keys[#keys + 1] = ARGV[1] .. v .. ARGV[i] end
local out = {v}
if #keys > 0 then
  local vals = redis.call('MGET', unpack(keys))
  for i = 1, #keys do out[i + 1] = vals[i] end
end
return out`;

const BUMP_LUA = `
local v
if redis.call('EXISTS', KEYS[1]) == 1 then
  v = redis.call('INCR', KEYS[1])
else
  local t = redis.call('TIME')
  v = string.format('%.0f', tonumber(t[1]) * 1000000 + tonumber(t[2]))
  redis.call('SET', KEYS[1], v)
end
redis.call('EXPIRE', KEYS[1], ARGV[1])
return tostring(v)`;

export type ScriptedRedis = Redis & {
  vcacheRead(
    versionKey: string,
    entryPrefix: string,
    entrySuffix: string,
    versionTtl: number,
  ): Promise<[string, string | null]>;
  vcacheBump(versionKey: string, versionTtl: number): Promise<string>;
  vcacheReadMany(
    versionKey: string,
    entryPrefix: string,
    versionTtl: number,
    ...suffixes: string[]
  ): Promise<(string | null)[]>;
};

export function scripted(redis: Redis): ScriptedRedis {
  const r = redis as ScriptedRedis;
  if (typeof r.vcacheRead !== 'function') {
    redis.defineCommand('vcacheRead', { numberOfKeys: 1, lua: READ_LUA });
    redis.defineCommand('vcacheBump', { numberOfKeys: 1, lua: BUMP_LUA });
    redis.defineCommand('vcacheReadMany', { numberOfKeys: 1, lua: READ_MANY_LUA });
  }
  return r;
}
