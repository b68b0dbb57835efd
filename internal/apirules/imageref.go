package apirules

import (
	"errors"
	"fmt"
	"strings"
)

// parseImage checks an image reference as the kubelet does: with
// github.com/distribution/reference's ParseNormalizedNamed (and
// go-digest's digest check), giving the same verdict and the same message.
//
// It is written out from that package's grammar instead of calling it
// because the package compiles a dozen regular expressions in its init,
// which every run of the CLI paid for (0.5 ms of a 6 ms validate, measured
// with perf stat). FuzzImageDifferential holds the two to each other.
//
//	reference   := name [ ":" tag ] [ "@" digest ]
//	name        := [domain "/"] path-component ["/" path-component]*
//	domain      := host [":" port-number]
//	host        := domain-name | "[" IPv6 "]"
//	domain-name := component ["." component]*   ; [a-zA-Z0-9] or [a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]
//	path-component := [a-z0-9]+ (separator [a-z0-9]+)*   ; separator: "." "_" "__" "-"+
//	tag         := [\w][\w.-]{0,127}
//	digest      := algorithm ":" [0-9a-fA-F]{32,}   ; algorithm: [A-Za-z][A-Za-z0-9]* joined by [-_+.]
func parseImage(s string) error {
	if isHex(s, 64) && lowerHex(s) {
		return fmt.Errorf("invalid repository name (%s), cannot specify 64-byte hexadecimal strings", s)
	}
	domain, remainder := splitDockerDomain(s)
	remote := remainder
	if i := strings.IndexByte(remainder, ':'); i >= 0 {
		remote = remainder[:i]
	}
	if strings.ToLower(remote) != remote {
		return fmt.Errorf("invalid reference format: repository name (%s) must be lowercase", remote)
	}
	return parseReference(domain + "/" + remainder)
}

// The errors of distribution/reference and go-digest, word for word.
var (
	errReferenceInvalidFormat = errors.New("invalid reference format")
	errNameContainsUppercase  = errors.New("repository name must be lowercase")
	errNameEmpty              = errors.New("repository name must have at least one component")
	errNameTooLong            = fmt.Errorf("repository name must not be more than %v characters", maxRepositoryName)
	errDigestInvalidFormat    = errors.New("invalid checksum digest format")
	errDigestInvalidLength    = errors.New("invalid checksum digest length")
	errDigestUnsupported      = errors.New("unsupported digest algorithm")
)

// maxRepositoryName is distribution's RepositoryNameTotalLengthMax.
const maxRepositoryName = 255

// splitDockerDomain is distribution's: the first component is a domain
// when it is localhost, has a "." or ":", or has upper case; otherwise the
// name is on Docker Hub, under library/ when it has one component.
func splitDockerDomain(name string) (domain, remote string) {
	first, rest, ok := strings.Cut(name, "/")
	if !ok {
		return "docker.io", "library/" + name
	}
	switch {
	case first == "localhost":
		domain, remote = first, rest
	case first == "index.docker.io":
		domain, remote = "docker.io", rest
	case strings.ContainsAny(first, ".:"), strings.ToLower(first) != first:
		domain, remote = first, rest
	default:
		domain, remote = "docker.io", name
	}
	if domain == "docker.io" && !strings.Contains(remote, "/") {
		remote = "library/" + remote
	}
	return domain, remote
}

// parseReference is distribution's Parse without building the result.
func parseReference(s string) error {
	name, digest, ok := splitReference(s)
	if !ok {
		if s == "" {
			return errNameEmpty
		}
		if _, _, lower := splitReference(strings.ToLower(s)); lower {
			return errNameContainsUppercase
		}
		return errReferenceInvalidFormat
	}
	path := name
	if first, rest, ok := strings.Cut(name, "/"); ok && isDomain(first) && isRemoteName(rest) {
		path = rest
	}
	if len(path) > maxRepositoryName {
		return errNameTooLong
	}
	if digest != "" {
		return checkDigest(digest)
	}
	return nil
}

// splitReference matches s against the whole reference grammar and returns
// its name and digest. Neither the name's path nor a tag holds "@" or (past
// the domain) ":", so the digest follows the first "@" and a tag the last
// ":" after the last "/".
func splitReference(s string) (name, digest string, ok bool) {
	left := s
	if i := strings.IndexByte(s, '@'); i >= 0 {
		left, digest = s[:i], s[i+1:]
		if !isDigestPattern(digest) {
			return "", "", false
		}
	}
	name = left
	if i := strings.LastIndexByte(left, ':'); i > strings.LastIndexByte(left, '/') {
		name = left[:i]
		if !isTag(left[i+1:]) {
			return "", "", false
		}
	}
	if first, rest, found := strings.Cut(name, "/"); found && isDomain(first) && isRemoteName(rest) {
		return name, digest, true
	}
	return name, digest, isRemoteName(name)
}

// isRemoteName: path-component ["/" path-component]*.
func isRemoteName(s string) bool {
	for comp := range strings.SplitSeq(s, "/") {
		if !isPathComponent(comp) {
			return false
		}
	}
	return true
}

// isPathComponent: [a-z0-9]+ (("." | "_" | "__" | "-"+) [a-z0-9]+)*.
func isPathComponent(s string) bool {
	i := 0
	for {
		start := i
		for i < len(s) && (s[i] >= 'a' && s[i] <= 'z' || s[i] >= '0' && s[i] <= '9') {
			i++
		}
		if i == start {
			return false // empty, or a separator where an alphanumeric must be
		}
		if i == len(s) {
			return true
		}
		switch {
		case strings.HasPrefix(s[i:], "__"):
			i += 2
		case s[i] == '.' || s[i] == '_':
			i++
		case s[i] == '-':
			for i < len(s) && s[i] == '-' {
				i++
			}
		default:
			return false
		}
	}
}

// isDomain: host [":" port-number], host a domain name or a bracketed IPv6
// address.
func isDomain(s string) bool {
	var host string
	if strings.HasPrefix(s, "[") {
		end := strings.IndexByte(s, ']')
		if end < 2 || strings.Trim(s[1:end], "0123456789abcdefABCDEF:") != "" {
			return false
		}
		host = s[:end+1]
	} else {
		host, _, _ = strings.Cut(s, ":")
		for comp := range strings.SplitSeq(host, ".") {
			if !isDomainComponent(comp) {
				return false
			}
		}
	}
	port := s[len(host):]
	return port == "" || len(port) > 1 && port[0] == ':' && strings.Trim(port[1:], "0123456789") == ""
}

// isDomainComponent: [a-zA-Z0-9] | [a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9].
func isDomainComponent(s string) bool {
	if s == "" || s[0] == '-' || s[len(s)-1] == '-' {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isAlnum(s[i]) && s[i] != '-' {
			return false
		}
	}
	return true
}

// isTag: [\w][\w.-]{0,127}.
func isTag(s string) bool {
	if s == "" || len(s) > 128 || !isWord(s[0]) {
		return false
	}
	for i := 1; i < len(s); i++ {
		if !isWord(s[i]) && s[i] != '.' && s[i] != '-' {
			return false
		}
	}
	return true
}

// isDigestPattern: [A-Za-z][A-Za-z0-9]* ([-_+.][A-Za-z][A-Za-z0-9]*)* ":" [0-9a-fA-F]{32,}.
func isDigestPattern(s string) bool {
	alg, hex, ok := strings.Cut(s, ":")
	if !ok || len(hex) < 32 || !isHex(hex, len(hex)) {
		return false
	}
	for _, comp := range splitAny(alg, "-_+.") {
		if comp == "" || !isLetter(comp[0]) {
			return false
		}
		for i := 1; i < len(comp); i++ {
			if !isAlnum(comp[i]) {
				return false
			}
		}
	}
	return true
}

// checkDigest is go-digest's Parse with the algorithms a binary that links
// crypto/sha256 and crypto/sha512 has.
func checkDigest(s string) error {
	i := strings.IndexByte(s, ':')
	if i <= 0 || i+1 == len(s) {
		return errDigestInvalidFormat
	}
	alg, hex := s[:i], s[i+1:]
	size := 0 // bytes of the hash; 0 for an algorithm go-digest lacks
	switch alg {
	case "sha256":
		size = 32
	case "sha384":
		size = 48
	case "sha512":
		size = 64
	}
	switch {
	case size == 0 && !isGoDigest(s):
		return errDigestInvalidFormat
	case size == 0:
		return errDigestUnsupported
	case len(hex) != 2*size:
		return errDigestInvalidLength
	case !lowerHex(hex):
		return errDigestInvalidFormat
	}
	return nil
}

// isGoDigest: go-digest's DigestRegexpAnchored,
// [a-z0-9]+([.+_-][a-z0-9]+)* ":" [a-zA-Z0-9=_-]+.
func isGoDigest(s string) bool {
	alg, enc, _ := strings.Cut(s, ":")
	for _, comp := range splitAny(alg, ".+_-") {
		if comp == "" || strings.Trim(comp, "abcdefghijklmnopqrstuvwxyz0123456789") != "" {
			return false
		}
	}
	return enc != "" && strings.Trim(enc, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789=_-") == ""
}

// splitAny splits s at every byte of seps, keeping empty fields.
func splitAny(s, seps string) []string {
	var out []string
	for {
		i := strings.IndexAny(s, seps)
		if i < 0 {
			return append(out, s)
		}
		out = append(out, s[:i])
		s = s[i+1:]
	}
}

func isHex(s string, n int) bool {
	if len(s) != n {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
			return false
		}
	}
	return true
}

func lowerHex(s string) bool { return strings.Trim(s, "0123456789abcdef") == "" }

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
func isAlnum(c byte) bool  { return isLetter(c) || c >= '0' && c <= '9' }
func isWord(c byte) bool   { return isAlnum(c) || c == '_' }
