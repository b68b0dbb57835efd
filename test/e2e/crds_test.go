package e2e

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// crdSource is a set of CRD files inside a Go module at a pinned version.
type crdSource struct {
	module, version, dir string
	files                []string
}

// The CRDs are taken from the projects' own repositories, fetched as Go
// modules through the module proxy, so they are exactly what those releases
// install.
var crdSources = []crdSource{
	{
		module: "github.com/kedacore/keda/v2", version: kedaVersion, dir: "config/crd/bases",
		files: []string{
			"keda.sh_scaledobjects.yaml",
			"keda.sh_scaledjobs.yaml",
			"keda.sh_triggerauthentications.yaml",
			"keda.sh_clustertriggerauthentications.yaml",
			// Not rendered, but KEDA's operator waits for them
			// (controlplane_test.go).
			"eventing.keda.sh_cloudeventsources.yaml",
			"eventing.keda.sh_clustercloudeventsources.yaml",
		},
	},
	{
		module: "github.com/prometheus-operator/prometheus-operator", version: promOperatorVersion, dir: "example/prometheus-operator-crd",
		files: []string{
			"monitoring.coreos.com_servicemonitors.yaml",
			"monitoring.coreos.com_podmonitors.yaml",
			"monitoring.coreos.com_prometheusrules.yaml",
		},
	},
	{
		module: "github.com/grafana/grafana-operator/v5", version: grafanaOperatorVersion, dir: "config/crd/bases",
		files: []string{"grafana.integreatly.org_grafanadashboards.yaml"},
	},
}

// moduleDir downloads a module version (from the cache if present) and
// returns its directory.
func moduleDir(module, version string) (string, error) {
	cmd := exec.Command("go", "mod", "download", "-json", module+"@"+version)
	// Outside any module, so the e2e go.mod is neither consulted nor changed.
	cmd.Dir = os.TempDir()
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GO111MODULE=on")
	out, err := cmd.Output()
	var info struct{ Dir, Error string }
	if jerr := json.Unmarshal(out, &info); jerr != nil || info.Dir == "" {
		return "", fmt.Errorf("go mod download %s@%s: %v %s %s", module, version, err, info.Error, out)
	}
	return info.Dir, nil
}

// installCRDs applies the KEDA and prometheus-operator CRDs with kc (a
// cluster's kubectl) and waits until the API server serves them.
func installCRDs(kc func(stdin []byte, args ...string) result, logf func(string, ...any)) error {
	var files, names []string
	for _, src := range crdSources {
		dir, err := moduleDir(src.module, src.version)
		if err != nil {
			return err
		}
		for _, f := range src.files {
			files = append(files, filepath.Join(dir, src.dir, f))
			// The file name is <group>_<plural>.yaml; the CRD is <plural>.<group>.
			g, p, _ := strings.Cut(strings.TrimSuffix(f, ".yaml"), "_")
			names = append(names, "crd/"+p+"."+g)
		}
	}
	args := []string{"apply", "--server-side", "--field-manager=e2e-harness"}
	for _, f := range files {
		args = append(args, "-f", f)
	}
	if r := kc(nil, args...); r.err != nil {
		return fmt.Errorf("applying CRDs failed:\n%s", r)
	}
	wait := append([]string{"wait", "--for=condition=Established", "--timeout=60s"}, names...)
	if r := kc(nil, wait...); r.err != nil {
		return fmt.Errorf("CRDs not established:\n%s", r)
	}
	logf("installed %d CRDs: %s", len(names), strings.Join(names, " "))
	return nil
}
