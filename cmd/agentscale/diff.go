package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"

	"github.com/agentscale/agentscale/internal/build"
	"github.com/agentscale/agentscale/internal/kube"
	"github.com/agentscale/agentscale/internal/livediff"
	"github.com/agentscale/agentscale/internal/render"
)

type diffOptions struct {
	env, namespace, output string
	kube                   kube.Options
	applyset               string
	prune                  bool
	timeout                time.Duration
}

func newDiffCmd(s streams, cfg *config) *cobra.Command {
	o := &diffOptions{}
	cmd := &cobra.Command{
		// A broken config file is exit 2 here, as every failure of diff:
		// 1 would read as "something would change".
		PersistentPreRunE: func(cmd *cobra.Command, _ []string) error {
			err := cfg.load(cmd)
			if isProblem(err) {
				printProblem(s, err)
				return &exitError{code: exitUsage}
			}
			return err
		},
		Use:   "diff FILE",
		Short: "Show what applying the swarm would change in a live cluster",
		Long: `Diff renders the swarm, applies every object to the cluster server-side with
dryRun=All (as the field manager of the real apply, kubectl by default), and
prints a unified diff per object of what the server stores now against what
it would store: admission, defaults and field ownership included, without
managedFields, resourceVersion, status and the other fields the server owns.
A new object is shown as rendered.

With --prune (the default) it also lists the objects a prune would delete:
members of the swarm's ApplySet (the Secret --applyset, SWARM-applyset by
default, in the swarm's namespace) that the render no longer has, as the CI
command of docs/delivery.md (kubectl apply --server-side --prune
--applyset=...) would delete them.

The cluster comes from --kubeconfig (else KUBECONFIG, else ~/.kube/config)
and --context. Objects without a namespace go to -n, else the swarm's, else
the context's.

-o json prints {"changes": [{action, apiVersion, kind, namespace, name,
diff}], "summary": {...}}, with "error" when the diff could not be finished.
Of .agentscale.yaml, diff reads only output and timeout: what a CI gate
compares is the command line's to say.

Exit codes, as kubectl diff's: 0 nothing would change, 1 something would,
2 the diff could not be made (an invalid swarm or config file, an
unreachable cluster, an object the server refuses).`,
		Example: `  agentscale diff swarm.yaml
  agentscale diff --env prod --context prod-eu swarm.yaml
  agentscale diff -o json swarm.yaml | jq '.changes[] | select(.action != "unchanged") | .name'`,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runDiff(cmd.Context(), s, o, inputFiles(cmd, args)[0])
		},
	}
	takes(cmd, operands{noun: "a swarm FILE", hint: "(or - for stdin)", min: 1, max: 1})
	fileFlag(cmd, "the swarm file to diff")
	f := cmd.Flags()
	envFlag(cmd, &o.env, "apply the named environment (spec.environments)")
	namespaceFlag(cmd, &o.namespace, "put every object in this namespace, as render -n does")
	f.StringVar(&o.kube.Kubeconfig, "kubeconfig", "", "the kubeconfig file (default: KUBECONFIG, else ~/.kube/config)")
	f.StringVar(&o.kube.Context, "context", "", "the kubeconfig context (default: the current one)")
	f.StringVar(&o.kube.FieldManager, "field-manager", "kubectl", "the server-side apply field manager of the apply being previewed")
	f.BoolVar(&o.kube.ForceConflicts, "force-conflicts", false, "take over fields another manager owns, as kubectl apply --force-conflicts")
	f.StringVar(&o.applyset, "applyset", "", "the ApplySet parent, a Secret: NAME or secret/NAME, as kubectl takes it (default: SWARM-applyset)")
	f.BoolVar(&o.prune, "prune", true, "list the ApplySet members a prune would delete (off, objects still get the ApplySet's label, as kubectl gives it)")
	f.DurationVar(&o.timeout, "timeout", 2*time.Minute, "give up on the cluster after this long")
	enumVar(cmd, &o.output, "output", "o", "diff", []string{"diff", "json"}, "output format: diff (unified, per object) or json")
	return cmd
}

func runDiff(ctx context.Context, s streams, o *diffOptions, path string) error {
	if err := checkNamespace(o.namespace); err != nil {
		return err
	}
	if o.timeout <= 0 {
		return usage(fmt.Errorf("--timeout %s: must be longer than zero", o.timeout))
	}
	sw, err := loadSwarm(s, path, o.env)
	if err == nil {
		var objs []render.Object
		objs, err = build.Objects(sw, build.Options{Namespace: o.namespace})
		if err == nil {
			return diffObjects(ctx, s, o, sw.Metadata.Name, objs)
		}
		err = inputOr(err)
	}
	// An invalid swarm is exit 2, not 1: in diff, 1 means "would change".
	if isProblem(err) {
		printProblem(s, err)
		return &exitError{code: exitUsage}
	}
	return err
}

func diffObjects(ctx context.Context, s streams, o *diffOptions, swarm string, objs []render.Object) error {
	us, err := unstructuredOf(objs)
	if err != nil {
		return usage(err)
	}
	cluster, err := kube.Connect(o.kube)
	if err != nil {
		return usage(err)
	}
	opts := livediff.Options{Namespace: o.namespace, Prune: o.prune}
	if opts.Namespace == "" {
		opts.Namespace = firstNamespace(us)
	}
	if opts.Namespace == "" {
		opts.Namespace = cluster.Namespace
	}
	if opts.ApplySet, err = applySetName(o.applyset, swarm); err != nil {
		return usage(err)
	}
	if ctx == nil {
		ctx = context.Background()
	}
	ctx, cancel := context.WithTimeout(ctx, o.timeout)
	defer cancel()
	res, err := livediff.Run(ctx, cluster, us, opts)
	if len(res.Skipped) > 0 && o.prune {
		fmt.Fprintf(s.err, "agentscale: the ApplySet %s also lists %s, which agentscale does not render: diff does not list their members a prune would delete\n", opts.ApplySet, strings.Join(res.Skipped, ", "))
	}
	if err != nil {
		switch {
		case errors.Is(err, context.DeadlineExceeded):
			err = fmt.Errorf("the cluster at %s did not answer within --timeout %s", cluster.Host, o.timeout)
		case unreachable(err):
			err = fmt.Errorf("cannot reach the cluster at %s: %w", cluster.Host, err)
		}
		// What could be diffed is shown (JSON stays JSON); no summary.
		if werr := writeChanges(s, o.output, res.Changes, err); werr != nil {
			return usage(werr)
		}
		return usage(err)
	}
	if werr := writeChanges(s, o.output, res.Changes, nil); werr != nil {
		return usage(werr)
	}
	for _, c := range res.Changes {
		if c.Action != livediff.Unchanged {
			return &exitError{code: exitProblem}
		}
	}
	return nil
}

// applySetName is the ApplySet parent's name from --applyset, which takes
// kubectl's spellings of a Secret parent (NAME, secret/NAME,
// secrets/NAME); "" is the name docs/delivery.md gives, SWARM-applyset.
func applySetName(flag, swarm string) (string, error) {
	if flag == "" {
		return swarm + "-applyset", nil
	}
	res, name, found := strings.Cut(flag, "/")
	if !found {
		return flag, nil
	}
	if res != "secret" && res != "secrets" {
		return "", fmt.Errorf("--applyset %s: diff reads Secret parents (kubectl's default); a %s parent is not supported", flag, res)
	}
	return name, nil
}

// unreachable reports whether err is no answer from the cluster: a
// transport error, not the server's refusal or agentscale's own.
func unreachable(err error) bool {
	var ue *url.Error
	var ne net.Error
	return errors.As(err, &ue) || errors.As(err, &ne)
}

// unstructuredOf is the objects exactly as render -o json writes them.
func unstructuredOf(objs []render.Object) ([]*unstructured.Unstructured, error) {
	items, err := render.PlainObjects(objs)
	if err != nil {
		return nil, err
	}
	us := make([]*unstructured.Unstructured, len(items))
	for i, it := range items {
		us[i] = &unstructured.Unstructured{Object: it}
	}
	return us, nil
}

func firstNamespace(us []*unstructured.Unstructured) string {
	for _, u := range us {
		if ns := u.GetNamespace(); ns != "" {
			return ns
		}
	}
	return ""
}

// writeChanges prints the diffs (stdout) and a summary (stderr), or JSON;
// with failed set, the diffs that could be made and no summary (JSON gets
// the error).
func writeChanges(s streams, format string, changes []livediff.Change, failed error) error {
	counts := map[livediff.Action]int{}
	for _, c := range changes {
		counts[c.Action]++
	}
	if format == "json" {
		type jsonChange struct {
			Action     livediff.Action `json:"action"`
			APIVersion string          `json:"apiVersion"`
			Kind       string          `json:"kind"`
			Namespace  string          `json:"namespace,omitempty"`
			Name       string          `json:"name"`
			Diff       string          `json:"diff,omitempty"`
		}
		out := struct {
			Changes []jsonChange            `json:"changes"`
			Summary map[livediff.Action]int `json:"summary"`
			Error   string                  `json:"error,omitempty"`
		}{Changes: []jsonChange{}, Summary: map[livediff.Action]int{}}
		for _, a := range []livediff.Action{livediff.Create, livediff.Update, livediff.Delete, livediff.Unchanged} {
			out.Summary[a] = counts[a]
		}
		for _, c := range changes {
			out.Changes = append(out.Changes, jsonChange{c.Action, c.APIVersion, c.Kind, c.Namespace, c.Name, c.Diff})
		}
		if failed != nil {
			out.Error = failed.Error()
		}
		return writeJSON(s.out, out)
	}
	var buf bytes.Buffer
	for _, c := range changes {
		buf.WriteString(c.Diff)
	}
	if _, err := s.out.Write(buf.Bytes()); err != nil {
		return err
	}
	if failed == nil {
		fmt.Fprintf(s.err, "%d to create, %d to update, %d to delete, %d unchanged\n",
			counts[livediff.Create], counts[livediff.Update], counts[livediff.Delete], counts[livediff.Unchanged])
	}
	return nil
}
