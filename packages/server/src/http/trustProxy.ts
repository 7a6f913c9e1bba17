/**
 * Which reverse proxies to believe about the client address. `X-Forwarded-For` is written by
 * whoever sends the request, so trusting all of it (the old `TRUST_PROXY=true`) let any client
 * choose its own address: a new one per request defeats the per-IP limits, and the audit trail
 * records whatever it was told. Instead EpiLink trusts either a number of proxy hops in front of it
 * (`TRUST_PROXY=1`: one proxy, whose own entry — the last — is the client) or the proxies'
 * addresses (`TRUST_PROXY=10.0.0.0/8,192.168.1.5`: entries added by those addresses are skipped,
 * the first one from elsewhere is the client). Fastify's `trustProxy` takes both forms.
 */
import { isIP } from 'node:net';

/** No proxy (`false`), a hop count, or the proxies' addresses / CIDR ranges. */
export type TrustProxy = false | number | string[];

/** Names proxy-addr understands for the private ranges. */
const NAMED_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal']);
/** More hops than any sane deployment has: a typo, not a topology. */
export const MAX_PROXY_HOPS = 10;

function isAddressOrRange(entry: string): boolean {
  if (NAMED_RANGES.has(entry)) return true;
  const [address, bits, extra] = entry.split('/');
  if (extra !== undefined || !address) return false;
  const family = isIP(address);
  if (family === 0) return false;
  if (bits === undefined) return true;
  if (!/^\d{1,3}$/u.test(bits)) return false;
  return Number(bits) <= (family === 4 ? 32 : 128);
}

/**
 * Parse `TRUST_PROXY`. Returns the setting, or a message explaining what is wrong (`true` is
 * refused on purpose: it says nothing about where the proxy is, and trusts every client).
 */
export function parseTrustProxy(raw: string | undefined): TrustProxy | { problem: string } {
  const value = raw?.trim() ?? '';
  if (value === '' || ['false', '0', 'no', 'off'].includes(value.toLowerCase())) return false;
  if (['true', 'yes', 'on'].includes(value.toLowerCase())) {
    return {
      problem:
        'no longer accepts true (it trusted any client-chosen X-Forwarded-For): give the number of proxies in front of EpiLink (e.g. 1) or their addresses/CIDRs (e.g. 10.0.0.0/8,192.168.1.5)',
    };
  }
  if (/^\d+$/u.test(value)) {
    const hops = Number(value);
    return hops <= MAX_PROXY_HOPS ? hops : { problem: `at most ${MAX_PROXY_HOPS} proxy hops` };
  }
  const entries = value
    .split(',')
    .map((e) => e.trim())
    .filter((e) => e !== '');
  const bad = entries.filter((e) => !isAddressOrRange(e));
  if (entries.length === 0 || bad.length > 0) {
    return {
      problem: `must be false, a hop count (e.g. 1) or a comma-separated list of IP addresses/CIDRs; not understood: ${bad.join(', ')}`,
    };
  }
  return entries;
}

/**
 * The setting as Fastify's `trustProxy` option. A hop count becomes "trust the first n addresses
 * counted from the socket" (Fastify itself now refuses a bare number, since a server reachable
 * without the proxy would believe a direct client's header: run a hop count only where the port is
 * reachable through the proxy alone, else list the proxies' addresses).
 */
export function fastifyTrustProxy(
  setting: TrustProxy,
): false | string[] | ((address: string, hop: number) => boolean) {
  if (typeof setting !== 'number') return setting;
  const hops = setting;
  return hops === 0 ? false : (_address: string, hop: number) => hop < hops;
}
