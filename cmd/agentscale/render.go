package main

import (
	"bytes"
	"errors"
	"fmt"

	"github.com/agentscale/agentscale/internal/build"
	"github.com/agentscale/agentscale/internal/krm"
	"github.com/agentscale/agentscale/internal/outdir"
	"github.com/agentscale/agentscale/internal/render"
	"github.com/agentscale/agentscale/internal/spec"
	"github.com/spf13/cobra"
)

// renderOptions are render's flags.
type renderOptions struct {
	env       string
	output    string
	outDir    string
	namespace string
	krm       bool
	adapter   bool
}

func newRenderCmd(s streams, _ *config) *cobra.Command {
	o := &renderOptions{}
	cmd := &cobra.Command{
		Use:   "render FILE",
		Short: "Render a swarm into Kubernetes manifests",
		Long: `Render turns a valid swarm file (or - for stdin) into the Kubernetes objects
an expert would write by hand, in the order kubectl should apply them, and
prints them as multi-document YAML (or, with -o json, one v1 List) ready for
kubectl apply -f -.

--env applies an environment: its overrides first, then its kustomize fields
through kustomize's own engine. --namespace wins over every namespace the
file sets. --out-dir writes one file per object and a kustomization.yaml
instead, replacing DIR all at once (only an empty DIR or a previous
agentscale output is replaced), with the Prometheus Adapter rules beside
them (prometheus-adapter-config.yaml and -values.yaml, no kustomize
resources). --adapter-values prints those rules as values for the
prometheus-adapter Helm chart instead of the manifests: the adapter reads
its rules from its own config, not from the swarm's namespace. --krm runs
render as a KRM function: a ResourceList on stdin whose functionConfig is
the Swarm.

An invalid swarm prints its errors as file:line:col: path: message and
nothing on stdout, and exits 1; a path or DIR that cannot be used exits 2.`,
		Example: `  agentscale render swarm.yaml | kubectl apply -f -
  agentscale render --env prod -o json swarm.yaml
  agentscale render --env prod --out-dir deploy/prod swarm.yaml && kubectl apply -k deploy/prod
  agentscale render --adapter-values swarm.yaml > adapter.yaml && helm upgrade --install prometheus-adapter prometheus-community/prometheus-adapter -n monitoring --reuse-values -f adapter.yaml`,
		Args: func(cmd *cobra.Command, args []string) error {
			if o.krm {
				if len(inputFiles(cmd, args)) > 0 {
					return usage(errors.New("render --krm reads its Swarm from the ResourceList on stdin: give no FILE"))
				}
				return nil
			}
			return operands{noun: "a swarm FILE", hint: "(or - for stdin)", min: 1, max: 1}.args(cmd, args)
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := o.check(cmd); err != nil {
				return err
			}
			if o.krm {
				return runKRM(s, o)
			}
			return runRender(s, o, inputFiles(cmd, args)[0])
		},
	}
	f := cmd.Flags()
	fileFlag(cmd, "the swarm file to render")
	envFlag(cmd, &o.env, "apply the named environment (spec.environments)")
	enumVar(cmd, &o.output, "output", "o", "yaml", []string{"yaml", "json"}, "output format: yaml (multi-document) or json (a v1 List)")
	f.StringVar(&o.outDir, "out-dir", "", "write one file per object and a kustomization.yaml to `DIR` instead of stdout")
	namespaceFlag(cmd, &o.namespace, "put every object in this namespace (wins over the file and the environment)")
	f.BoolVar(&o.krm, "krm", false, "run as a KRM function: read a ResourceList from stdin, write one to stdout")
	f.BoolVar(&o.adapter, "adapter-values", false, "print the Prometheus Adapter rules as prometheus-adapter Helm chart values instead of the manifests")
	return cmd
}

// check rejects flag combinations that cannot mean anything.
func (o *renderOptions) check(cmd *cobra.Command) error {
	// The config file may set render.output for stdout; only an explicit
	// -o json next to --out-dir (which writes YAML files) is a mistake.
	if o.outDir != "" && cmd.Flags().Changed("output") && o.output != "yaml" {
		return usage(errors.New("--out-dir writes YAML files; -o json applies to stdout only"))
	}
	if o.krm && o.outDir != "" {
		return usage(errors.New("--krm writes a ResourceList to stdout; it cannot be combined with --out-dir"))
	}
	if o.krm && cmd.Flags().Changed("output") && o.output != "yaml" {
		return usage(errors.New("--krm writes a ResourceList in YAML, as KRM function runners read it; -o json does not apply"))
	}
	if o.adapter && (o.krm || o.outDir != "" || cmd.Flags().Changed("output")) {
		return usage(errors.New("--adapter-values prints Helm values to stdout; it cannot be combined with --krm, --out-dir or -o (--out-dir writes them as " + render.AdapterValuesFile + ")"))
	}
	return nil
}

// runRender renders one swarm file to stdout or to --out-dir.
func runRender(s streams, o *renderOptions, path string) error {
	sw, err := loadSwarm(s, path, o.env)
	if err != nil {
		return reportProblem(s, err)
	}
	adapter := render.Adapter(sw, render.Options{Namespace: o.namespace})
	if o.adapter {
		if adapter == nil {
			return reportProblem(s, problem(fmt.Errorf("%s: no Prometheus Adapter rules to print: they need spec.monitoring.adapterRules: true and an HPA scaling on an Object, Pods or External metric", path)))
		}
		_, err := s.out.Write(adapter.HelmValues)
		return err
	}
	objs, err := build.Objects(sw, build.Options{Namespace: o.namespace})
	if err != nil {
		return reportProblem(s, inputOr(err))
	}
	if o.outDir != "" {
		var extra []outdir.File
		if adapter != nil {
			extra = []outdir.File{{Name: render.AdapterConfigFile, Data: adapter.Config}, {Name: render.AdapterValuesFile, Data: adapter.HelmValues}}
		}
		err := outdir.Write(o.outDir, objs, outdir.Options{Name: sw.Metadata.Name, Source: path, Env: o.env, Extra: extra})
		if err != nil {
			return usage(fmt.Errorf("--out-dir: %w", err))
		}
		return nil
	}
	// Encode in memory first: a failure leaves stdout empty, not half-written.
	var buf bytes.Buffer
	encode := render.EncodeYAML
	if o.output == "json" {
		encode = render.EncodeJSON
	}
	if err := encode(&buf, objs); err != nil {
		return err
	}
	_, err = s.out.Write(buf.Bytes())
	return err
}

// runKRM runs render as a KRM function over stdin and stdout.
func runKRM(s streams, o *renderOptions) error {
	err := krm.Run(s.in, s.out, krm.Options{Env: o.env, Namespace: o.namespace})
	if err != nil {
		return reportProblem(s, inputOr(err))
	}
	return nil
}

// inputOr marks spec errors as input problems (exit 1); anything else is
// a failure of the tool (exit 2).
func inputOr(err error) error {
	if spec.IsInputError(err) {
		return problem(err)
	}
	return usage(err)
}

// reportProblem prints an input problem's errors one per line, without
// the "agentscale:" prefix, and exits 1; other errors pass through.
func reportProblem(s streams, err error) error {
	if !isProblem(err) {
		return err
	}
	printProblem(s, err)
	return silentProblem
}
