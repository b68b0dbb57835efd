package e2e

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"log"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-containerregistry/pkg/name"
	"github.com/google/go-containerregistry/pkg/registry"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/empty"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/remote"
	"github.com/google/go-containerregistry/pkg/v1/tarball"
	"sigs.k8s.io/yaml"
)

const (
	goreleaserVersion = "v2.17.0" // ko v0.19.1 comes with it (goreleaser links it)
	krewVersion       = "v0.4.3"
)

var (
	releaseTool = tool{
		name: "release", version: goreleaserVersion, module: "tools/release",
		packages: []string{"github.com/goreleaser/goreleaser/v2", "github.com/google/ko"},
		bins:     []string{"goreleaser", "ko"},
	}
	krewTool = tool{
		name: "krew", version: krewVersion, module: "tools/krew",
		packages: []string{"sigs.k8s.io/krew/cmd/krew", "sigs.k8s.io/krew/cmd/validate-krew-manifest"},
		bins:     []string{"krew", "validate-krew-manifest"},
	}
	releaseTools = &onFirstUse{tools: []tool{releaseTool, krewTool}}
)

// requireReleaseTools builds goreleaser, ko and krew on first use.
func requireReleaseTools(t *testing.T) map[string]string {
	t.Helper()
	requireCLI(t)
	return releaseTools.require(t)
}

// TestRelease checks the release the way it will run: `goreleaser check` on
// .goreleaser.yaml, then a snapshot release of the same file narrowed to
// the host platform (no publishing, no image), whose archive must hold the
// binary and docs, match checksums.txt and report its version; and whose
// krew manifest must pass krew's validator and install with krew, so that
// `kubectl agentscale version` runs.
func TestRelease(t *testing.T) {
	dirs := requireReleaseTools(t)
	goreleaser := filepath.Join(dirs["release"], "goreleaser")
	cfg := filepath.Join(env.repoRoot, ".goreleaser.yaml")
	check := run(nil, nil, env.repoRoot, goreleaser, "check", "-f", cfg)
	if check.err != nil || strings.Contains(check.stdout+check.stderr, "DEPRECATED") {
		t.Fatalf("goreleaser check:\n%s", check)
	}

	// The same configuration, for this platform only, into a scratch dist.
	data, err := os.ReadFile(cfg)
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := yaml.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	dist := filepath.Join(t.TempDir(), "dist")
	doc["dist"] = dist
	for _, b := range doc["builds"].([]any) {
		b.(map[string]any)["goos"] = []any{runtime.GOOS}
		b.(map[string]any)["goarch"] = []any{runtime.GOARCH}
	}
	narrowed, _ := yaml.Marshal(doc)
	narrowedFile := filepath.Join(t.TempDir(), "goreleaser.yaml")
	if err := os.WriteFile(narrowedFile, narrowed, 0o644); err != nil {
		t.Fatal(err)
	}
	rel := run(nil, []string{"KREW_INDEX_TOKEN=unused", "GOFLAGS=-buildvcs=false"}, env.repoRoot, goreleaser,
		"release", "--snapshot", "--clean", "--skip=publish,ko,sbom,sign,validate,before", "-f", narrowedFile)
	if rel.err != nil {
		t.Fatalf("goreleaser release --snapshot:\n%s", rel)
	}

	archives, _ := filepath.Glob(filepath.Join(dist, "agentscale_*_"+runtime.GOOS+"_"+runtime.GOARCH+".tar.gz"))
	if len(archives) != 1 {
		t.Fatalf("want one archive for %s/%s in %s, got %v", runtime.GOOS, runtime.GOARCH, dist, archives)
	}
	archive := archives[0]
	files := untar(t, archive)
	for _, want := range []string{"agentscale", "README.md", "docs/delivery.md"} {
		if _, ok := files[want]; !ok {
			t.Errorf("the archive lacks %s (has %v)", want, keys(files))
		}
	}
	sum := sha256.Sum256(mustRead(t, archive))
	sums := string(mustRead(t, filepath.Join(dist, "checksums.txt")))
	if !strings.Contains(sums, hex.EncodeToString(sum[:])+"  "+filepath.Base(archive)) {
		t.Errorf("checksums.txt does not list %s with its sha256:\n%s", filepath.Base(archive), sums)
	}
	bin := filepath.Join(t.TempDir(), "agentscale")
	if err := os.WriteFile(bin, files["agentscale"], 0o755); err != nil {
		t.Fatal(err)
	}
	v := run(nil, nil, env.tmp, bin, "version", "-o", "json")
	if v.err != nil || !strings.Contains(v.stdout, `"version": "v`) || !strings.Contains(v.stdout, `"commit": "`) {
		t.Errorf("the released binary's version:\n%s", v)
	}

	t.Run("krew", func(t *testing.T) {
		manifest := filepath.Join(dist, "krew", "agentscale.yaml")
		val := run(nil, nil, env.tmp, filepath.Join(dirs["krew"], "validate-krew-manifest"), "-manifest", manifest, "-skip-install")
		if val.err != nil {
			t.Fatalf("validate-krew-manifest:\n%s", val)
		}
		root := t.TempDir()
		krewEnv := []string{"KREW_ROOT=" + root, "PATH=" + filepath.Join(root, "bin") + ":" + filepath.Dir(env.kubectl) + ":" + os.Getenv("PATH")}
		inst := run(nil, krewEnv, env.tmp, filepath.Join(dirs["krew"], "krew"), "install", "--manifest="+manifest, "--archive="+archive)
		if inst.err != nil {
			t.Fatalf("krew install:\n%s", inst)
		}
		plugin := run(nil, krewEnv, env.tmp, env.kubectl, "agentscale", "--help")
		if plugin.err != nil || !strings.Contains(plugin.stdout, "kubectl agentscale [command]") {
			t.Errorf("kubectl agentscale --help (the plugin names itself as kubectl runs it):\n%s", plugin)
		}
		if ver := run(nil, krewEnv, env.tmp, env.kubectl, "agentscale", "version"); ver.err != nil || !strings.HasPrefix(ver.stdout, "agentscale v") {
			t.Errorf("kubectl agentscale version:\n%s", ver)
		}
	})
}

// TestImage builds the container image with ko from .ko.yaml, as the
// release does, against a registry in the test process, on a stand-in for
// the distroless base (a user and CA certificates, no shell): it must be a
// two-platform index whose linux/amd64 image runs agentscale as user 65532
// with no shell, and whose binary works, as a CLI and as a KRM function.
func TestImage(t *testing.T) {
	dirs := requireReleaseTools(t)
	// The release builds the image from .goreleaser.yaml's kos, by hand and
	// here it comes from .ko.yaml: the two must agree on what it is made of.
	var koCfg struct {
		DefaultBaseImage string   `json:"defaultBaseImage"`
		DefaultPlatforms []string `json:"defaultPlatforms"`
		Builds           []struct{ Main string }
	}
	var relCfg struct {
		Kos []struct {
			Main      string
			BaseImage string   `json:"base_image"`
			Platforms []string `json:"platforms"`
		}
	}
	if err := yaml.Unmarshal(mustRead(t, filepath.Join(env.repoRoot, ".ko.yaml")), &koCfg); err != nil {
		t.Fatal(err)
	}
	if err := yaml.Unmarshal(mustRead(t, filepath.Join(env.repoRoot, ".goreleaser.yaml")), &relCfg); err != nil {
		t.Fatal(err)
	}
	if len(relCfg.Kos) != 1 || len(koCfg.Builds) != 1 || relCfg.Kos[0].BaseImage != koCfg.DefaultBaseImage ||
		!slices.Equal(relCfg.Kos[0].Platforms, koCfg.DefaultPlatforms) || relCfg.Kos[0].Main != koCfg.Builds[0].Main {
		t.Errorf(".goreleaser.yaml kos %+v and .ko.yaml %+v disagree on base, platforms or main", relCfg.Kos, koCfg)
	}
	reg := httptest.NewServer(registry.New(registry.Logger(log.New(io.Discard, "", 0))))
	t.Cleanup(reg.Close)
	host := strings.TrimPrefix(reg.URL, "http://")

	layer := tarLayer(t, map[string]string{
		"etc/passwd":                        "root:x:0:0:root:/root:/sbin/nologin\nnonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin\n",
		"etc/ssl/certs/ca-certificates.crt": "",
	})
	img, err := mutate.AppendLayers(empty.Image, layer)
	if err != nil {
		t.Fatal(err)
	}
	cf, _ := img.ConfigFile()
	cf = cf.DeepCopy()
	cf.Config.User = "65532"
	cf.OS, cf.Architecture = "linux", "amd64"
	amd, _ := mutate.ConfigFile(img, cf)
	cf.Architecture = "arm64"
	arm, _ := mutate.ConfigFile(img, cf)
	idx := mutate.AppendManifests(empty.Index,
		mutate.IndexAddendum{Add: amd, Descriptor: v1.Descriptor{Platform: &v1.Platform{OS: "linux", Architecture: "amd64"}}},
		mutate.IndexAddendum{Add: arm, Descriptor: v1.Descriptor{Platform: &v1.Platform{OS: "linux", Architecture: "arm64"}}})
	baseRef, _ := name.ParseReference(host+"/static:latest", name.Insecure)
	if err := remote.WriteIndex(baseRef, idx); err != nil {
		t.Fatal(err)
	}

	ko := run(nil, []string{
		"KO_DOCKER_REPO=" + host + "/agentscale",
		"KO_DEFAULTBASEIMAGE=" + host + "/static:latest",
		"KOCACHE=" + t.TempDir(),
		"GOFLAGS=-buildvcs=false",
	}, env.repoRoot, filepath.Join(dirs["release"], "ko"), "build", "--bare", "--insecure-registry", "./cmd/agentscale")
	if ko.err != nil {
		t.Fatalf("ko build:\n%s", ko)
	}
	ref, err := name.ParseReference(strings.TrimSpace(lastLine(ko.stdout)), name.Insecure)
	if err != nil {
		t.Fatalf("ko printed no image reference: %v\n%s", err, ko)
	}
	desc, err := remote.Get(ref)
	if err != nil {
		t.Fatal(err)
	}
	index, err := desc.ImageIndex()
	if err != nil {
		t.Fatalf("the image is not an index of platforms: %v", err)
	}
	im, _ := index.IndexManifest()
	var platforms []string
	for _, m := range im.Manifests {
		platforms = append(platforms, m.Platform.OS+"/"+m.Platform.Architecture)
	}
	slices.Sort(platforms)
	if strings.Join(platforms, ",") != "linux/amd64,linux/arm64" {
		t.Errorf("platforms %v, want linux/amd64 and linux/arm64 (.ko.yaml)", platforms)
	}
	var amdImg v1.Image
	for _, m := range im.Manifests {
		if m.Platform.Architecture == "amd64" {
			amdImg, _ = index.Image(m.Digest)
		}
	}
	cfg, err := amdImg.ConfigFile()
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Config.User != "65532" || len(cfg.Config.Entrypoint) != 1 || !strings.HasSuffix(cfg.Config.Entrypoint[0], "/agentscale") {
		t.Errorf("config: user %q, entrypoint %q; want 65532 and the agentscale binary", cfg.Config.User, cfg.Config.Entrypoint)
	}
	files := imageFiles(t, amdImg)
	if _, ok := files[strings.TrimPrefix(cfg.Config.Entrypoint[0], "/")]; !ok {
		t.Fatalf("the entrypoint %s is not in the image (files: %v)", cfg.Config.Entrypoint[0], keys(files))
	}
	for f := range files {
		if strings.HasSuffix(f, "bin/sh") {
			t.Errorf("the image has a shell: %s", f)
		}
	}
	if runtime.GOOS == "linux" && runtime.GOARCH == "amd64" {
		bin := filepath.Join(t.TempDir(), "agentscale")
		if err := os.WriteFile(bin, files[strings.TrimPrefix(cfg.Config.Entrypoint[0], "/")], 0o755); err != nil {
			t.Fatal(err)
		}
		if v := run(nil, nil, env.tmp, bin, "version"); v.err != nil || !strings.HasPrefix(v.stdout, "agentscale ") {
			t.Errorf("the image's binary:\n%s", v)
		}
		rl := "apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems: []\nfunctionConfig:\n" + indent(string(mustRead(t, filepath.Join(env.repoRoot, "examples", "kafka-worker.yaml"))), "  ")
		// kustomize and kpt run a container function without arguments.
		krm := run([]byte(rl), []string{"AGENTSCALE_KRM_FUNCTION=true"}, env.tmp, bin)
		if krm.err != nil || !strings.Contains(krm.stdout, "kind: ScaledObject") {
			t.Errorf("the image's binary as a KRM function:\n%s", krm)
		}
	}
}

func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return lines[len(lines)-1]
}

func indent(s, by string) string {
	var b strings.Builder
	for _, l := range strings.Split(strings.TrimRight(s, "\n"), "\n") {
		b.WriteString(by + l + "\n")
	}
	return b.String()
}

func mustRead(t *testing.T, p string) []byte {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func keys[V any](m map[string]V) []string {
	var k []string
	for n := range m {
		k = append(k, n)
	}
	slices.Sort(k)
	return k
}

// untar reads a .tar.gz into memory: path to contents.
func untar(t *testing.T, path string) map[string][]byte {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	gz, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	return readTar(t, gz)
}

func readTar(t *testing.T, r io.Reader) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	tr := tar.NewReader(r)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
		n := strings.TrimPrefix(strings.TrimPrefix(h.Name, "./"), "/")
		if h.Typeflag == tar.TypeReg {
			b, _ := io.ReadAll(tr)
			out[n] = b
		} else {
			out[n] = nil
		}
	}
}

// imageFiles is the image's flattened filesystem.
func imageFiles(t *testing.T, img v1.Image) map[string][]byte {
	t.Helper()
	rc := mutate.Extract(img)
	defer rc.Close()
	return readTar(t, rc)
}

// tarLayer is a layer of the given files.
func tarLayer(t *testing.T, files map[string]string) v1.Layer {
	t.Helper()
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	for _, n := range keys(files) {
		if err := tw.WriteHeader(&tar.Header{Name: n, Mode: 0o644, Size: int64(len(files[n])), Typeflag: tar.TypeReg}); err != nil {
			t.Fatal(err)
		}
		tw.Write([]byte(files[n]))
	}
	tw.Close()
	data := buf.Bytes()
	l, err := tarball.LayerFromOpener(func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(data)), nil })
	if err != nil {
		t.Fatal(err)
	}
	return l
}
