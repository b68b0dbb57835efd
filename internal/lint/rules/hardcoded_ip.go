package rules

import (
	"net/netip"
	"regexp"
	"strings"

	"github.com/agentscale/agentscale/internal/lint"
	"github.com/agentscale/agentscale/internal/secrets"
)

// HardcodedIP: IP literals where a Service DNS name belongs, in plain env
// values, command and args items (the whole argv: a shell script in
// command is the same smell) and KEDA trigger metadata. Addresses that are
// the same in every cluster do not count: loopback, unspecified (0.0.0.0,
// ::), link-local (169.254.169.254, the cloud metadata endpoint),
// multicast and broadcast. CIDR ranges (allow lists, NO_PROXY) and dotted
// numbers inside longer tokens (v1.2.3.4, 1.2.3.4.5, 10.0.0.5.nip.io) are
// not addresses of a host. Private addresses (RFC 1918, CGNAT, ULA: where
// pod and Service IPs live) fire anywhere; public ones only where a host
// goes (after // or @, before :port, or as the whole value), so dotted
// version numbers do not. Names that mean a version or a DNS resolver
// (APP_VERSION, --build, NAMESERVER) are skipped: a resolver has no name.
var HardcodedIP = &lint.Rule{
	ID:       "hardcoded-ip",
	Severity: lint.Warning,
	Why:      "Pod and Service IPs change when objects are recreated or clusters rebuilt, so an address written into env, args or trigger metadata silently points at nothing or at someone else.",
	Fix:      "Use the Service's DNS name (name.namespace.svc) instead of its IP, in the role's env, args or trigger metadata, or in the manifest.",
	Check:    checkHardcodedIP,
}

func checkHardcodedIP(c *lint.Context) {
	eachText(c, func(t *text) {
		if !t.inWorkload() {
			return
		}
		if ip, ok := findIP(t.value); ok && !ipExempt(t) {
			c.Report(t.obj, t.at(), "%s holds the IP address %s", t.what(), ip)
		}
	})
}

// findIP returns the first IP literal in s that names a host another
// workload could be: loopback, unspecified (bind-all), link-local (the
// cloud metadata endpoint), multicast and broadcast addresses are fixed by
// definition and do not count, and neither do CIDR ranges (allow lists,
// NO_PROXY) or dotted numbers inside longer tokens (versions like
// v1.2.3.4, names like 10.0.0.5.nip.io). IPv6 counts in brackets
// ("http://[fd00::5]:80") or as a whole word.
func findIP(s string) (netip.Addr, bool) {
	if !strings.ContainsAny(s, ".:") {
		return netip.Addr{}, false // the common case, without a regexp
	}
	for _, m := range ipv4.FindAllStringIndex(s, -1) {
		if !wordStart(s, m[0]) || !wordEnd(s, m[1]) {
			continue
		}
		ip, err := netip.ParseAddr(s[m[0]:m[1]])
		if err == nil && routable(ip) && (private(ip) || hostContext(s, m[0], m[1])) {
			return ip, true
		}
	}
	if !strings.Contains(s, ":") {
		return netip.Addr{}, false
	}
	for _, m := range ipv6.FindAllStringSubmatch(s, -1) {
		if ip, err := netip.ParseAddr(m[1]); err == nil && ip.Is6() && routable(ip) {
			return ip, true
		}
	}
	for _, w := range strings.FieldsFunc(s, func(r rune) bool { return strings.ContainsRune(" \t\n,;=\"'", r) }) {
		ip, err := netip.ParseAddr(w)
		if err == nil && ip.Is6() && routable(ip) && (private(ip) || strings.TrimSpace(s) == w) {
			return ip, true // a public word like cafe::1 counts only as the whole value
		}
	}
	return netip.Addr{}, false
}

var (
	ipv4 = regexp.MustCompile(`\d{1,3}(?:\.\d{1,3}){3}`)
	ipv6 = regexp.MustCompile(`\[([0-9A-Fa-f:.]+)\]`)
)

// wordStart: the dotted quad is not the tail of a longer token.
func wordStart(s string, i int) bool {
	return i == 0 || !isAlnumByte(s[i-1]) && s[i-1] != '.'
}

// wordEnd: the dotted quad is not followed by more name, more numbers, or
// a /prefix length (a CIDR range).
func wordEnd(s string, i int) bool {
	if i == len(s) {
		return true
	}
	next := byte(0)
	if i+1 < len(s) {
		next = s[i+1]
	}
	switch c := s[i]; {
	case isAlnumByte(c):
		return false
	case c == '.' || c == '/':
		return next < '0' || next > '9' && !(c == '.' && isAlnumByte(next))
	}
	return true
}

func isAlnumByte(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// routable excludes the addresses that are the same everywhere.
func routable(ip netip.Addr) bool {
	ip = ip.Unmap()
	return !(ip.IsLoopback() || ip.IsUnspecified() || ip.IsLinkLocalUnicast() || ip.IsMulticast() ||
		ip.IsLinkLocalMulticast() || ip == netip.AddrFrom4([4]byte{255, 255, 255, 255}))
}

// private reports the ranges pod, node and Service IPs come from.
func private(ip netip.Addr) bool {
	return ip.IsPrivate() || cgnat.Contains(ip.Unmap())
}

var cgnat = netip.MustParsePrefix("100.64.0.0/10")

// hostContext reports whether s[i:j] stands where a host goes: after "//"
// or "@", before ":port", or as the whole value.
func hostContext(s string, i, j int) bool {
	return strings.HasSuffix(s[:i], "//") || strings.HasSuffix(s[:i], "@") ||
		strings.TrimSpace(s) == s[i:j] ||
		j+1 < len(s) && s[j] == ':' && s[j+1] >= '0' && s[j+1] <= '9'
}

// ipExempt skips texts whose name says the value is a version or a DNS
// resolver's address.
func ipExempt(t *text) bool {
	name := t.key
	if t.kind == commandText || t.kind == argsText {
		name, _, _ = strings.Cut(t.value, "=")
		if !strings.HasPrefix(name, "-") {
			return false
		}
	}
	for _, w := range secrets.NameWords(name) {
		switch w {
		case "version", "ver", "build", "release", "dns", "nameserver", "nameservers", "resolver", "resolvers":
			return true
		}
	}
	return false
}
