// Package kube talks to a live cluster for diff: it reads objects, applies
// them server-side with dryRun=All, and lists the members of a kubectl
// ApplySet. It uses client-go's dynamic client only, with render's kinds
// mapped to resources by a static table (no discovery, no typed clientset,
// no scheme of every API), so the CLI stays light.
package kube

import (
	"context"
	"fmt"
	"slices"
	"strings"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/client-go/dynamic"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/clientcmd"

	"github.com/agentscale/agentscale/internal/kinds"
	"github.com/agentscale/agentscale/internal/livediff"
)

// Options say which cluster and how to apply.
type Options struct {
	// Kubeconfig is the kubeconfig file; "" follows KUBECONFIG and
	// ~/.kube/config, as kubectl does (and in-cluster config in a pod).
	Kubeconfig string
	// Context is the kubeconfig context; "" is the current one.
	Context string
	// FieldManager is the server-side apply manager the dry run acts as:
	// the same as the real apply, so that fields it dropped show removed.
	FieldManager string
	// ForceConflicts takes over fields another manager owns, as
	// kubectl apply --server-side --force-conflicts does.
	ForceConflicts bool
}

// Cluster is a connection to one API server.
type Cluster struct {
	dyn    dynamic.Interface
	mapper meta.RESTMapperWithContext
	opts   Options
	// Namespace is the kubeconfig context's namespace ("default" when it
	// sets none).
	Namespace string
	// Host is the API server's URL, for messages.
	Host string
}

// Connect reads the kubeconfig and prepares the clients; it makes no
// request (discovery runs on first use).
func Connect(o Options) (*Cluster, error) {
	rules := clientcmd.NewDefaultClientConfigLoadingRules()
	rules.ExplicitPath = o.Kubeconfig
	cc := clientcmd.NewNonInteractiveDeferredLoadingClientConfig(rules, &clientcmd.ConfigOverrides{CurrentContext: o.Context})
	cfg, err := cc.ClientConfig()
	if clientcmd.IsEmptyConfig(err) {
		return nil, fmt.Errorf("no kubeconfig: pass --kubeconfig, set KUBECONFIG, or create ~/.kube/config")
	}
	if err != nil {
		return nil, fmt.Errorf("kubeconfig: %w", err)
	}
	ns, _, err := cc.Namespace()
	if err != nil {
		return nil, fmt.Errorf("kubeconfig: %w", err)
	}
	cfg = rest.CopyConfig(cfg)
	cfg.UserAgent = "agentscale"
	// A quiet client: no client-side throttling warnings in the diff.
	cfg.QPS, cfg.Burst = 50, 100
	dyn, err := dynamic.NewForConfig(cfg)
	if err != nil {
		return nil, err
	}
	if o.FieldManager == "" {
		o.FieldManager = "kubectl"
	}
	return &Cluster{
		dyn:       dyn,
		mapper:    meta.ToRESTMapperWithContext(knownKinds()),
		opts:      o,
		Namespace: ns,
		Host:      cfg.Host,
	}, nil
}

// knownKinds maps the kinds agentscale renders (internal/kinds) to their
// resources. Render writes no other kind, so diff needs no discovery: one
// round trip fewer, and client-go's discovery package (with the scheme of
// every built-in API, 1.5 ms of start-up for every command) stays out of
// the binary. A CRD the cluster lacks shows as the server's 404.
func knownKinds() meta.RESTMapper {
	var gvs []schema.GroupVersion
	type entry struct {
		gvk   schema.GroupVersionKind
		scope meta.RESTScope
	}
	var entries []entry
	kinds.Each(func(apiVersion, kind string) {
		gvk := schema.FromAPIVersionAndKind(apiVersion, kind)
		if !slices.Contains(gvs, gvk.GroupVersion()) {
			gvs = append(gvs, gvk.GroupVersion())
		}
		scope := meta.RESTScopeNamespace
		if kinds.ClusterScoped(apiVersion, kind) {
			scope = meta.RESTScopeRoot
		}
		entries = append(entries, entry{gvk, scope})
	})
	// The newest version of a group first: a kind named without a version
	// (an ApplySet's contains-group-kinds) maps to autoscaling/v2, not v1.
	slices.SortFunc(gvs, func(a, b schema.GroupVersion) int { return strings.Compare(b.String(), a.String()) })
	m := meta.NewDefaultRESTMapper(gvs)
	for _, e := range entries {
		m.Add(e.gvk, e.scope)
	}
	return m
}

// resource is the dynamic client of an object's kind, in its namespace
// when the kind is namespaced.
func (c *Cluster) resource(ctx context.Context, gvk schema.GroupVersionKind, ns string) (dynamic.ResourceInterface, error) {
	m, err := c.mapper.RESTMappingWithContext(ctx, gvk.GroupKind(), gvk.Version)
	if err != nil {
		return nil, noKind(gvk, err)
	}
	if m.Scope.Name() == meta.RESTScopeNameNamespace {
		return c.dyn.Resource(m.Resource).Namespace(ns), nil
	}
	return c.dyn.Resource(m.Resource), nil
}

// Namespaced reports whether objects of the kind live in a namespace.
func (c *Cluster) Namespaced(ctx context.Context, gvk schema.GroupVersionKind) (bool, error) {
	m, err := c.mapper.RESTMappingWithContext(ctx, gvk.GroupKind(), gvk.Version)
	if err != nil {
		return false, noKind(gvk, err)
	}
	return m.Scope.Name() == meta.RESTScopeNameNamespace, nil
}

func noKind(gvk schema.GroupVersionKind, err error) error {
	if meta.IsNoMatchError(err) {
		return fmt.Errorf("%s %s: a kind agentscale does not render, so diff cannot map it", gvk.GroupVersion(), gvk.Kind)
	}
	return err
}

// Get returns the live object, or nil when it does not exist.
func (c *Cluster) Get(ctx context.Context, u *unstructured.Unstructured) (*unstructured.Unstructured, error) {
	r, err := c.resource(ctx, u.GroupVersionKind(), u.GetNamespace())
	if err != nil {
		return nil, err
	}
	live, err := r.Get(ctx, u.GetName(), metav1.GetOptions{})
	if apierrors.IsNotFound(err) {
		return nil, nil
	}
	return live, err
}

// DryRunApply applies u server-side with dryRun=All and returns what the
// server would store: admission, defaults and field ownership included.
func (c *Cluster) DryRunApply(ctx context.Context, u *unstructured.Unstructured) (*unstructured.Unstructured, error) {
	r, err := c.resource(ctx, u.GroupVersionKind(), u.GetNamespace())
	if err != nil {
		return nil, err
	}
	data, err := u.MarshalJSON()
	if err != nil {
		return nil, err
	}
	force := c.opts.ForceConflicts
	return r.Patch(ctx, u.GetName(), types.ApplyPatchType, data, metav1.PatchOptions{
		DryRun:       []string{metav1.DryRunAll},
		FieldManager: c.opts.FieldManager,
		Force:        &force,
	})
}

// The ApplySet labels and annotations kubectl writes (KEP-3659).
const (
	applySetID               = "applyset.kubernetes.io/id"
	applySetGroupKinds       = "applyset.kubernetes.io/contains-group-kinds"
	applySetExtraNamespaces  = "applyset.kubernetes.io/additional-namespaces"
	applySetParentAPIVersion = "v1"
	applySetParentKind       = "Secret"
)

// ApplySetMembers lists the objects of the ApplySet whose parent is the
// Secret name in ns, as kubectl apply --prune --applyset=name -n ns sees
// them: every kind the parent lists, in the parent's namespace and its
// additional namespaces, or cluster-wide for cluster-scoped kinds. A
// parent that does not exist is an empty set (the first apply creates it).
func (c *Cluster) ApplySetMembers(ctx context.Context, name, ns string) (string, []*unstructured.Unstructured, []string, error) {
	parentGVK := schema.FromAPIVersionAndKind(applySetParentAPIVersion, applySetParentKind)
	pr, err := c.resource(ctx, parentGVK, ns)
	if err != nil {
		return "", nil, nil, err
	}
	parent, err := pr.Get(ctx, name, metav1.GetOptions{})
	if apierrors.IsNotFound(err) {
		return "", nil, nil, nil
	}
	if err != nil {
		return "", nil, nil, fmt.Errorf("ApplySet parent secret/%s in %s: %w", name, ns, err)
	}
	id := parent.GetLabels()[applySetID]
	if id == "" {
		return "", nil, nil, fmt.Errorf("secret/%s in %s is not an ApplySet parent (no %s label): choose another --applyset name", name, ns, applySetID)
	}
	namespaces := []string{ns}
	for _, n := range splitList(parent.GetAnnotations()[applySetExtraNamespaces]) {
		if n != ns {
			namespaces = append(namespaces, n)
		}
	}
	sel := metav1.ListOptions{LabelSelector: livediff.ApplySetPartOf + "=" + id}
	var members []*unstructured.Unstructured
	var skipped []string
	for _, gk := range splitList(parent.GetAnnotations()[applySetGroupKinds]) {
		kind, group, _ := strings.Cut(gk, ".")
		m, err := c.mapper.RESTMappingWithContext(ctx, schema.GroupKind{Group: group, Kind: kind})
		if meta.IsNoMatchError(err) {
			// A kind render never writes (something else applied it
			// into the set): diff has no mapping for it and says so.
			skipped = append(skipped, gk)
			continue
		}
		if err != nil {
			return "", nil, nil, err
		}
		lists := []dynamic.ResourceInterface{c.dyn.Resource(m.Resource)}
		if m.Scope.Name() == meta.RESTScopeNameNamespace {
			lists = lists[:0]
			for _, n := range namespaces {
				lists = append(lists, c.dyn.Resource(m.Resource).Namespace(n))
			}
		}
		for _, r := range lists {
			l, err := r.List(ctx, sel)
			if apierrors.IsNotFound(err) {
				continue // the kind's CRD is gone: nothing of it to prune
			}
			if err != nil {
				return "", nil, nil, fmt.Errorf("listing %s of the ApplySet: %w", m.Resource.GroupResource(), err)
			}
			for i := range l.Items {
				members = append(members, &l.Items[i])
			}
		}
	}
	return id, members, skipped, nil
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}
