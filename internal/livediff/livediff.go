// Package livediff compares rendered objects with a live cluster the way
// kubectl diff --server-side does: each object is applied with dryRun=All,
// and what the server would store is compared with what it stores now,
// without the fields the server owns (managedFields, resourceVersion,
// status, ...). Members of the swarm's ApplySet that the render no longer
// has are the objects a prune would delete.
package livediff

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/aymanbagabas/go-udiff"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"sigs.k8s.io/yaml"
)

// Cluster is what the diff needs from the API server (internal/kube).
type Cluster interface {
	// Namespaced reports whether objects of the kind live in a namespace.
	Namespaced(ctx context.Context, gvk schema.GroupVersionKind) (bool, error)
	// Get returns the live object, or nil when there is none.
	Get(ctx context.Context, u *unstructured.Unstructured) (*unstructured.Unstructured, error)
	// DryRunApply returns what a server-side apply of u would store.
	DryRunApply(ctx context.Context, u *unstructured.Unstructured) (*unstructured.Unstructured, error)
	// ApplySetMembers returns the ApplySet's id (its members' part-of
	// label) and members; id "" when its parent does not exist. skipped
	// are the group kinds the parent lists that it could not list.
	ApplySetMembers(ctx context.Context, name, namespace string) (id string, members []*unstructured.Unstructured, skipped []string, err error)
}

// Action is what applying would do to one object.
type Action string

const (
	Create    Action = "create"
	Update    Action = "update"
	Delete    Action = "delete" // pruned: an ApplySet member the render no longer has
	Unchanged Action = "unchanged"
)

// Change is one object's outcome.
type Change struct {
	Action                            Action
	APIVersion, Kind, Namespace, Name string
	// Diff is a unified diff of the object's YAML, live before applied;
	// empty when Unchanged.
	Diff string
}

// Ref names the object as kubectl does: kind.group/name, with its namespace.
func (c Change) Ref() string {
	gv, _ := schema.ParseGroupVersion(c.APIVersion)
	k := strings.ToLower(c.Kind)
	if gv.Group != "" {
		k += "." + gv.Group
	}
	if c.Namespace != "" {
		return c.Namespace + "/" + k + "/" + c.Name
	}
	return k + "/" + c.Name
}

// path is the object's file-like name in diff headers.
func (c Change) path() string {
	p := strings.Trim(c.APIVersion+"/"+c.Kind, "/")
	if c.Namespace != "" {
		p += "/" + c.Namespace
	}
	return p + "/" + c.Name
}

// Options are the diff's settings.
type Options struct {
	// Namespace is given to namespaced objects that name none (the
	// kubeconfig context's), and is the ApplySet parent's namespace.
	Namespace string
	// ApplySet is the name of the ApplySet parent (a Secret); "" means
	// the swarm is applied without one.
	ApplySet string
	// Prune lists the ApplySet's members the render no longer has. Off,
	// objects still get the ApplySet's label as kubectl gives it.
	Prune bool
}

// Result is a diff: the changes, and the ApplySet kinds diff could not
// list (their members a prune would delete are not among the changes).
type Result struct {
	Changes []Change
	Skipped []string
}

// Run diffs objs against the cluster. An error of one object (refused by
// admission, a kind the cluster does not serve) does not stop the others:
// the changes come back with every error joined.
func Run(ctx context.Context, c Cluster, objs []*unstructured.Unstructured, opts Options) (Result, error) {
	var errs []error
	var res Result
	// kubectl labels every object it applies with the ApplySet's id, and
	// owns that label as the same field manager: without it the dry run
	// would show the label removed from every object. An ApplySet whose
	// parent does not exist yet has no members and, on a cluster where
	// the swarm was applied without one, must not label anything.
	var id string
	var members []*unstructured.Unstructured
	if opts.ApplySet != "" {
		var err error
		var skipped []string
		if id, members, skipped, err = c.ApplySetMembers(ctx, opts.ApplySet, opts.Namespace); err != nil {
			if !IsAPIError(err) {
				return res, err
			}
			errs = append(errs, err)
		}
		res.Skipped = skipped
		if !opts.Prune {
			members = nil
		}
	}
	// Namespaces the render creates and the cluster lacks: their objects
	// cannot be dry-run (the server answers 404 for the namespace) and are
	// all to be created.
	creates := map[string]bool{}
	for _, u := range objs {
		if u.GetKind() == "Namespace" && u.GetAPIVersion() == "v1" {
			if live, err := c.Get(ctx, u); err == nil && live == nil {
				creates[u.GetName()] = true
			}
		}
	}
	var changes []Change
	want := map[string]bool{}
	for _, u := range objs {
		u = u.DeepCopy()
		namespaced, err := c.Namespaced(ctx, u.GroupVersionKind())
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if namespaced && u.GetNamespace() == "" {
			u.SetNamespace(opts.Namespace)
		}
		if id != "" {
			labels := u.GetLabels()
			if labels == nil {
				labels = map[string]string{}
			}
			labels[ApplySetPartOf] = id
			u.SetLabels(labels)
		}
		want[key(u)] = true
		if creates[u.GetNamespace()] {
			ch := changeOf(u, Create)
			if ch.Diff, err = unified(ch, nil, u.Object); err != nil {
				errs = append(errs, err)
				continue
			}
			changes = append(changes, ch)
			continue
		}
		ch, err := diffOne(ctx, c, u)
		if err != nil {
			// The server's answer about one object (refused, forbidden, a
			// kind it does not serve) leaves the others to diff; no answer
			// at all (unreachable, timed out) would only repeat per object.
			if !IsAPIError(err) {
				res.Changes = changes
				return res, err
			}
			errs = append(errs, err)
			continue
		}
		changes = append(changes, ch)
	}
	var pruned []Change
	for _, m := range members {
		if want[key(m)] {
			continue
		}
		ch := changeOf(m, Delete)
		d, err := unified(ch, Normalize(m), nil)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		ch.Diff = d
		pruned = append(pruned, ch)
	}
	slices.SortFunc(pruned, func(a, b Change) int { return strings.Compare(a.Ref(), b.Ref()) })
	res.Changes = append(changes, pruned...)
	return res, errors.Join(errs...)
}

// IsAPIError reports whether err is the API server's answer (a Status),
// rather than no answer (unreachable, timed out).
func IsAPIError(err error) bool {
	var st apierrors.APIStatus
	return errors.As(err, &st)
}

// ApplySetPartOf is the label kubectl puts on an ApplySet's members
// (KEP-3659).
const ApplySetPartOf = "applyset.kubernetes.io/part-of"

// key identifies an object across versions of its kind.
func key(u *unstructured.Unstructured) string {
	gvk := u.GroupVersionKind()
	return gvk.Group + "/" + gvk.Kind + "/" + u.GetNamespace() + "/" + u.GetName()
}

func changeOf(u *unstructured.Unstructured, a Action) Change {
	return Change{Action: a, APIVersion: u.GetAPIVersion(), Kind: u.GetKind(), Namespace: u.GetNamespace(), Name: u.GetName()}
}

func diffOne(ctx context.Context, c Cluster, u *unstructured.Unstructured) (Change, error) {
	live, err := c.Get(ctx, u)
	if err != nil {
		return Change{}, fmt.Errorf("%s: %w", changeOf(u, "").Ref(), err)
	}
	merged, err := c.DryRunApply(ctx, u)
	if err != nil {
		return Change{}, fmt.Errorf("%s: %w", changeOf(u, "").Ref(), err)
	}
	if live == nil {
		// A new object is shown as rendered: the server's defaults
		// (every field kubectl would have filled) are noise here.
		ch := changeOf(u, Create)
		ch.Diff, err = unified(ch, nil, u.Object)
		return ch, err
	}
	before, after := Normalize(live), Normalize(merged)
	ch := changeOf(u, Update)
	ch.Diff, err = unified(ch, before, after)
	if err == nil && ch.Diff == "" {
		ch.Action = Unchanged
	}
	return ch, err
}

// serverFields are metadata the server writes on every object; they
// differ between a live object and a dry run without meaning a change.
var serverFields = []string{"managedFields", "resourceVersion", "generation", "uid", "creationTimestamp", "selfLink"}

// Normalize is an object without what the server owns: the fields of
// serverFields, status, and client-side apply's last-applied annotation.
func Normalize(u *unstructured.Unstructured) map[string]any {
	o := u.DeepCopy().Object
	StripServerFields(o)
	return o
}

// StripServerFields removes from a plain object what the server owns (as
// Normalize), in place, and reports whether there was any: an object read
// back from a cluster rather than written by a person or a tool.
func StripServerFields(o map[string]any) (live bool) {
	delete(o, "status") // a person may write status: {} too; it is not what makes an object live
	if m, ok := o["metadata"].(map[string]any); ok {
		for _, f := range serverFields {
			if _, ok := m[f]; ok {
				live = true
				delete(m, f)
			}
		}
		if a, ok := m["annotations"].(map[string]any); ok {
			delete(a, LastApplied)
			if len(a) == 0 {
				delete(m, "annotations")
			}
		}
	}
	return live
}

// LastApplied is client-side apply's copy of what was applied.
const LastApplied = "kubectl.kubernetes.io/last-applied-configuration"

// unified is the unified diff of two objects' YAML; nil is no object.
func unified(ch Change, before, after map[string]any) (string, error) {
	a, err := toYAML(before)
	if err != nil {
		return "", err
	}
	b, err := toYAML(after)
	if err != nil {
		return "", err
	}
	if a == b {
		return "", nil
	}
	from, to := "live/"+ch.path(), "applied/"+ch.path()
	if before == nil {
		from = "/dev/null"
	}
	if after == nil {
		to = "/dev/null"
	}
	return udiff.Unified(from, to, a, b), nil
}

func toYAML(o map[string]any) (string, error) {
	if o == nil {
		return "", nil
	}
	b, err := yaml.Marshal(o)
	return string(b), err
}
