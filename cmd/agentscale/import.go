package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"path/filepath"

	"github.com/spf13/cobra"
	"sigs.k8s.io/yaml"

	"github.com/agentscale/agentscale/internal/apirules"
	"github.com/agentscale/agentscale/internal/diag"
	"github.com/agentscale/agentscale/internal/importer"
	"github.com/agentscale/agentscale/internal/lint"
	"github.com/agentscale/agentscale/internal/manifest"
	"github.com/agentscale/agentscale/internal/render"
	"github.com/agentscale/agentscale/internal/spec"
	"github.com/agentscale/agentscale/internal/yamlpos"
	"github.com/agentscale/agentscale/templates"
)

type importOptions struct {
	name, output, outDir string
	force                bool
}

func newImportCmd(s streams) *cobra.Command {
	o := &importOptions{}
	cmd := &cobra.Command{
		Use:   "import PATH...",
		Short: "Turn existing Kubernetes manifests into a swarm.yaml",
		Long: `Import reads manifests (files, directories, or - for stdin) and writes the
swarm they describe: one role per Deployment, StatefulSet, Job or KEDA
ScaledJob, with its image, ports, resources, probes and env; its state (a
StatefulSet with volume claims is hard state, with its storage); its
autoscaler (an HPA's metrics, a ScaledObject's triggers with their
TriggerAuthentication folded back into auth); its PodDisruptionBudget; peers
from a headless Service; metrics from a ServiceMonitor or PodMonitor;
headroom, node pools, alerts, network policies and the dashboard from the
objects agentscale render writes.

Objects render wrote come back as the swarm that wrote them: rendering the
import reproduces them exactly. Of other manifests, what the format cannot
say (a sidecar, a node selector, a weaker security context) is carried in
spec.environments.imported as kustomize patches, so render --env imported
keeps the input's values; the report on stderr lists what still differs:
objects left out (not swarm objects: keep applying them), render's names,
selectors and labels, objects render adds. Objects read back from a cluster
(kubectl get -o yaml) lose the API server's defaults. Review the swarm, then
agentscale diff it against the cluster before replacing the manifests.

It prints the swarm on stdout (-o json for JSON), or writes DIR/swarm.yaml and
its JSON Schema with --out-dir DIR (never over existing files without
--force). Exit codes: 0 imported, 1 the manifests do not parse, hold no
workload, or hold what no valid swarm can, 2 a bad flag, or a path or DIR that
cannot be used. docs/import.md says what becomes what.`,
		Example: "  agentscale import deploy/ > swarm.yaml\n  helm template my-agents chart/ | agentscale import - --name support\n  agentscale import --out-dir agents/ deploy/*.yaml",
		RunE: func(cmd *cobra.Command, args []string) error {
			return reportProblem(s, runImport(s, o, inputFiles(cmd, args)))
		},
	}
	takes(cmd, operands{noun: "a PATH", hint: "(manifest files, directories, or - for stdin)", min: 1, max: -1})
	fileFlag(cmd, "a manifest file or directory to import")
	cmd.Flags().StringVar(&o.name, "name", "", "the swarm's name (default: the objects' app.kubernetes.io/part-of, else their Helm release, else their namespace)")
	cmd.Flags().StringVar(&o.outDir, "out-dir", "", "write DIR/swarm.yaml and DIR/swarm.schema.json instead of stdout")
	cmd.Flags().BoolVar(&o.force, "force", false, "with --out-dir: overwrite existing files")
	enumVar(cmd, &o.output, "output", "o", "yaml", []string{"yaml", "json"}, "output format of the swarm: yaml or json")
	return cmd
}

func runImport(s streams, o *importOptions, paths []string) error {
	if o.outDir != "" && o.output != "yaml" {
		return usage(fmt.Errorf("--out-dir writes swarm.yaml; -o json applies to stdout only"))
	}
	if o.name != "" {
		if errs := apirules.DNSLabel("--name", "swarm name", o.name); len(errs) > 0 {
			return usage(fmt.Errorf("--name %q: %s", o.name, errs[0].Msg))
		}
	}
	srcs, unread, err := lint.Read(paths, s.in)
	if err != nil {
		return usage(err)
	}
	if len(unread) > 0 {
		return usage(unreadError{unread[0]})
	}
	var objs []render.KubeObject
	var errs spec.ErrorList
	seen := map[string]spec.Pos{}
	var dups []string
	for _, src := range srcs {
		if src.Err != nil {
			errs = append(errs, src.Err)
			continue
		}
		if spec.LooksLikeSwarm(src.Data) {
			return problem(&diag.Error{Pos: kindPos(src.Name, src.Data), Msg: "this is a swarm file already: import reads Kubernetes manifests"})
		}
		docs, perrs := manifest.Parse(src.Name, src.Data)
		errs = append(errs, perrs...)
		for _, d := range docs {
			// The same object from two paths (deploy/ and deploy/*.yaml)
			// is one object.
			k := d.Kind + "/" + d.Obj.GetNamespace() + "/" + d.Obj.GetName()
			if first, dup := seen[k]; dup {
				if first != d.Start { // a path given twice says nothing new
					dups = append(dups, fmt.Sprintf("%s: %s %s is also at %s: read once", d.Start, d.Kind, d.Obj.GetName(), first))
				}
				continue
			}
			seen[k] = d.Start
			objs = append(objs, d.Obj)
		}
	}
	if len(errs) > 0 {
		return problem(errs)
	}
	res, err := importer.Run(objs, importer.Options{Name: o.name})
	if err != nil {
		return problem(fmt.Errorf("import: %w", err))
	}
	for _, d := range dups {
		fmt.Fprintf(s.err, "agentscale: %s\n", d)
	}
	data := res.YAML
	switch {
	case o.outDir != "":
		written, err := templates.WriteSwarm(o.outDir, append([]byte(importer.SchemaLine), data...), spec.SchemaJSON, o.force)
		for _, p := range written {
			fmt.Fprintf(s.err, "wrote %s\n", p)
		}
		if err != nil {
			return usage(fmt.Errorf("--out-dir: %w", err))
		}
	case o.output == "json":
		y, err := yaml.YAMLToJSON(data)
		if err != nil {
			return err
		}
		var buf bytes.Buffer
		if err := json.Indent(&buf, y, "", "  "); err != nil {
			return err
		}
		buf.WriteByte('\n')
		if _, err := s.out.Write(buf.Bytes()); err != nil {
			return err
		}
	default:
		if _, err := s.out.Write(data); err != nil {
			return err
		}
	}
	writeImportReport(s, res, len(objs), o.outDir)
	return nil
}

// writeImportReport says on stderr what was imported and what rendering
// the import would change.
func writeImportReport(s streams, res *importer.Output, objects int, dir string) {
	sw, notes := res.Swarm, res.Notes
	fmt.Fprintf(s.err, "imported %s of swarm %s from %s", plural(len(sw.Spec.Roles), "role"), sw.Metadata.Name, plural(objects, "object"))
	if res.Carried > 0 {
		fmt.Fprintf(s.err, "; what the format cannot say of %s is carried in spec.environments.%s (render --env %s)", plural(res.Carried, "object"), importer.CarryEnv, importer.CarryEnv)
	}
	if len(notes) == 0 {
		if res.Carried > 0 {
			fmt.Fprintf(s.err, "; render --env %s reproduces them exactly\n", importer.CarryEnv)
		} else {
			fmt.Fprintln(s.err, ": render reproduces them exactly")
		}
		return
	}
	fmt.Fprintf(s.err, "; %s (where its render still differs from the input):\n", plural(len(notes), "note"))
	for _, n := range notes {
		fmt.Fprintf(s.err, "  %s\n", n)
	}
	file := templates.SwarmFile
	if dir != "" {
		file = filepath.Join(dir, templates.SwarmFile)
	}
	fmt.Fprintf(s.err, "review %s, then see what applying it would change: agentscale diff %s\n", file, file)
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// kindPos is where a file's top-level kind is written, or its start.
func kindPos(file string, data []byte) diag.Pos {
	if root, errs := yamlpos.ParseOne(yamlpos.Origin{File: file}, data, yamlpos.Default); len(errs) == 0 {
		if k := root.Get("kind"); k != nil {
			return k.Pos
		}
	}
	return diag.Pos{File: file, Line: 1, Col: 1}
}
