/**
 * A receiver on this machine or a private network (loopback, RFC 1918, link-local, unique-local,
 * IPv4 inside IPv6, `.local`/`.internal` names, by name or literal address): refused unless
 * WEBHOOK_ALLOW_LOCAL says so — an administrator must not be able to point the server's own
 * requests at the database, the message brokers or the cloud metadata service (SSRF). Names are
 * not resolved: a public name that resolves inside is the DNS operator's risk, documented in
 * docs/fhir.md.
 */
export function isLocalReceiver(url: URL): boolean {
  // A name may end with the root's dot ("localhost." is localhost).
  const host = url.hostname
    .replace(/^\[|\]$/gu, '')
    .replace(/\.+$/u, '')
    .toLowerCase();
  if (host === 'localhost' || /\.(localhost|local|internal)$/u.test(host)) return true;
  if (/^f[cd][0-9a-f]{2}:/u.test(host) || /^fe[89ab][0-9a-f]:/u.test(host)) return true;
  // ::/8 (loopback, unspecified, IPv4-mapped "::ffff:…" and IPv4-compatible "::7f00:1") and the
  // NAT64 prefix 64:ff9b::/96, which reach IPv4 addresses — private ones included.
  if (host.startsWith('::') || host.startsWith('64:ff9b:')) return true;
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/u.exec(host);
  if (!v4) return false;
  const [a, b] = [Number(v4[1]), Number(v4[2])];
  return (
    a === 0 ||
    a === 10 ||
    a === 127 ||
    (a === 169 && b === 254) ||
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168) ||
    (a === 100 && b >= 64 && b <= 127)
  );
}
