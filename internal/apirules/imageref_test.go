package apirules

import (
	_ "crypto/sha256" // go-digest's algorithms are those the binary links, as in the CLI
	_ "crypto/sha512"
	"fmt"
	"strings"
	"testing"

	"github.com/distribution/reference"
)

// imageCases are references at the edges of distribution's grammar.
var imageCases = []string{
	"", "nginx", "nginx:1.27", "nginx:latest@sha256:" + strings.Repeat("a", 64),
	"ghcr.io/acme/agents:1.0.0", "ghcr.io/Acme/agents:1", "GHCR.io/acme/agents", "Foo/bar", "foo/Bar",
	"localhost/a", "localhost:5000/a:b", "localhost:5000", "index.docker.io/nginx", "docker.io/library/nginx",
	"[::1]:5000/a", "[::1]/a", "[]/a", "[::1/a", "[fe80::1%eth0]/a", "[::g]/a", "a:5000x/b", "a:/b", "a.b:1/c",
	"-a.com/b", "a-.com/b", "a..com/b", "a.com./b", "a_b/c", "a_b.com/c", "a__b", "a___b", "a._b", "a--b", "a-", "-a", "a.", ".a",
	"a//b", "a/", "/a", "a:b:c", "a:b/c", "a@b", "a@sha256:" + strings.Repeat("a", 64) + "@x",
	"a:" + strings.Repeat("t", 128), "a:" + strings.Repeat("t", 129), "a:.t", "a:-t", "a:_t", "a:t+",
	"a@sha256:" + strings.Repeat("A", 64), "a@sha256:" + strings.Repeat("a", 63), "a@sha256:" + strings.Repeat("a", 65),
	"a@sha384:" + strings.Repeat("a", 96), "a@sha512:" + strings.Repeat("a", 128), "a@sha512:" + strings.Repeat("a", 64),
	"a@md5:" + strings.Repeat("a", 32), "a@MD5:" + strings.Repeat("a", 32), "a@s.h+a_2-5:" + strings.Repeat("a", 32),
	"a@sha256+b64u:" + strings.Repeat("a", 32), "a@1sha:" + strings.Repeat("a", 32), "a@sha256:" + strings.Repeat("a", 31),
	strings.Repeat("a", 64), strings.Repeat("A", 64), strings.Repeat("a", 63), "docker.io/" + strings.Repeat("a", 64),
	strings.Repeat("a", 255), strings.Repeat("a", 250), "x.io/" + strings.Repeat("a", 255), "x.io/" + strings.Repeat("a", 256),
	"a_b/" + strings.Repeat("c", 252), "nginx\n", " nginx", "ngïnx", "a:ï", "é.com/a",
}

func distributionVerdict(s string) string {
	_, err := reference.ParseNormalizedNamed(s)
	return fmt.Sprint(err)
}

func TestImageLikeDistribution(t *testing.T) {
	for _, s := range imageCases {
		if got, want := fmt.Sprint(parseImage(s)), distributionVerdict(s); got != want {
			t.Errorf("%q:\n got %s\nwant %s", s, got, want)
		}
	}
}

// FuzzImageDifferential: parseImage gives distribution/reference's
// verdict and message for any string.
func FuzzImageDifferential(f *testing.F) {
	for _, s := range imageCases {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := fmt.Sprint(parseImage(s)), distributionVerdict(s); got != want {
			t.Fatalf("%q:\n got %s\nwant %s", s, got, want)
		}
	})
}

// TestImageLikeDistributionGenerated compares the two on references built
// from the grammar's pieces, valid and nearly valid, which random fuzzing
// rarely assembles.
func TestImageLikeDistributionGenerated(t *testing.T) {
	domains := []string{"", "docker.io/", "index.docker.io/", "localhost/", "localhost:5000/", "Ghcr.io/", "ghcr.io/",
		"a-b.c:1/", "[::1]:80/", "[ab:CD::]/", "a_b/", "A/", "a:/", "1.2.3.4:5000/", "x-/", "a.b./"}
	paths := []string{"a", "library/a", "a/b/c", "a.b", "a_b", "a__b", "a---b", "a-_b", "A", "a/B", "a//b", "a.", "0", "a" + strings.Repeat("b", 254)}
	tags := []string{"", ":1", ":latest", ":V1.0_rc-1", ":.x", ":" + strings.Repeat("x", 128), ":" + strings.Repeat("x", 129), ":a/b", ":"}
	digests := []string{"", "@sha256:" + strings.Repeat("0", 64), "@sha256:" + strings.Repeat("F", 64), "@sha512:" + strings.Repeat("e", 128),
		"@sha384:" + strings.Repeat("1", 95), "@foo:" + strings.Repeat("1", 32), "@Foo.Bar:" + strings.Repeat("1", 40), "@sha256:", "@"}
	n := 0
	for _, d := range domains {
		for _, p := range paths {
			for _, tg := range tags {
				for _, dg := range digests {
					s := d + p + tg + dg
					n++
					if got, want := fmt.Sprint(parseImage(s)), distributionVerdict(s); got != want {
						t.Errorf("%q:\n got %s\nwant %s", s, got, want)
					}
				}
			}
		}
	}
	t.Logf("%d references", n)
}
