// The host patterns of an agent's `allowHosts: [..]`: one definition of what an entry may be (checked as
// you type) and of which URLs it lets a session reach (checked by the session before it connects).

/** One parsed entry: a host name or IP address, optionally `*.` for every subdomain, optionally a port. */
export interface HostPattern {
  /** Lower case, without brackets for IPv6 and without the `*.` prefix. */
  host: string;
  /** `*.example.com`: any host below example.com (not example.com itself). */
  subdomains: boolean;
  port?: number;
}

const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;
const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

const FORM = 'a host name ("books.example"), "*.books.example" for its subdomains, an IP address ("127.0.0.1", "[::1]"), each optionally with ":PORT"';

function isHostName(host: string): boolean {
  return host.length <= 253 && host.split('.').every((l) => LABEL.test(l));
}

function isIpv6(host: string): boolean {
  try {
    return new URL(`http://[${host}]/`).hostname.length > 2;
  } catch {
    return false;
  }
}

/** Reads one entry, or says what is wrong with it and what an entry looks like. */
export function parseHostPattern(text: string): { pattern: HostPattern } | { error: string } {
  const entry = text.trim().toLowerCase();
  if (!entry) return { error: `An allowHosts entry is empty; write ${FORM}.` };
  if (/[/?#@\s]|^[a-z][a-z0-9+.-]*:\/\//.test(entry)) {
    return { error: `${JSON.stringify(text)} is not a host: allowHosts lists hosts, not URLs or paths; write ${FORM}.` };
  }
  let rest = entry;
  let port: number | undefined;
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(rest);
  if (bracketed) {
    if (!isIpv6(bracketed[1])) return { error: `${JSON.stringify(text)} is not an IPv6 address; write ${FORM}.` };
    port = bracketed[2] === undefined ? undefined : Number(bracketed[2]);
    rest = bracketed[1];
  } else {
    const colon = rest.lastIndexOf(':');
    if (colon >= 0) {
      if (!/^\d+$/.test(rest.slice(colon + 1))) return { error: `${JSON.stringify(text)} has a malformed port; write ${FORM}.` };
      port = Number(rest.slice(colon + 1));
      rest = rest.slice(0, colon);
    }
  }
  if (port !== undefined && (port < 1 || port > 65535)) return { error: `${JSON.stringify(text)} has the port ${port}, but ports go from 1 to 65535.` };
  if (bracketed) return { pattern: { host: rest, subdomains: false, port } };
  const subdomains = rest.startsWith('*.');
  if (subdomains) rest = rest.slice(2);
  if (rest.includes('*')) return { error: `${JSON.stringify(text)}: a wildcard may only open the entry, as in "*.books.example".` };
  if (IPV4.test(rest)) {
    if (subdomains) return { error: `${JSON.stringify(text)}: an IP address has no subdomains; drop the "*.".` };
    return { pattern: { host: rest, subdomains, port } };
  }
  if (/^[\d.]+$/.test(rest) || !isHostName(rest)) return { error: `${JSON.stringify(text)} is not a valid host name or IP address; write ${FORM}.` };
  return { pattern: { host: rest, subdomains, port } };
}

function defaultPort(protocol: string): number | undefined {
  return protocol === 'http:' ? 80 : protocol === 'https:' ? 443 : undefined;
}

/** Whether the pattern lets a session connect to this http(s) URL. */
export function hostMatches(pattern: HostPattern, url: URL): boolean {
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const hostOk = pattern.subdomains ? host.endsWith(`.${pattern.host}`) : host === pattern.host;
  if (!hostOk) return false;
  return pattern.port === undefined || pattern.port === (url.port ? Number(url.port) : defaultPort(url.protocol));
}

/** Whether any of the entries lets a session connect to this URL (entries that do not parse allow nothing). */
export function hostAllowed(entries: readonly string[], url: URL): boolean {
  return entries.some((e) => {
    const parsed = parseHostPattern(e);
    return 'pattern' in parsed && hostMatches(parsed.pattern, url);
  });
}
