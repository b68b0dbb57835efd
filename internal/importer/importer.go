// Package importer turns Kubernetes manifests into a swarm: one role per
// Deployment, StatefulSet, Job or ScaledJob, with what its autoscaler
// (HPA or KEDA), PodDisruptionBudget, Services and monitors say about it.
// It inverts internal/render: objects render wrote (agentscale.dev/*
// annotations, its naming and labels) come back as the role that wrote
// them, and render(import(render(x))) is render(x). Foreign manifests get
// the closest swarm, and Compare lists what its render would change.
package importer

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	autoscalingv2 "k8s.io/api/autoscaling/v2"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	policyv1 "k8s.io/api/policy/v1"
	schedulingv1 "k8s.io/api/scheduling/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/util/validation"

	monitoringv1 "github.com/prometheus-operator/prometheus-operator/pkg/apis/monitoring/v1"

	"github.com/agentscale/agentscale/internal/grafana"
	"github.com/agentscale/agentscale/internal/keda"
	"github.com/agentscale/agentscale/internal/livediff"
	"github.com/agentscale/agentscale/internal/render"
	"github.com/agentscale/agentscale/internal/spec"
)

// Options tune the import.
type Options struct {
	// Name is the swarm's name; "" takes the workloads' common
	// app.kubernetes.io/part-of label, else their namespace.
	Name string
}

// Note is one thing the import inferred, approximated or left out.
type Note struct {
	Object string // Kind/name of the input object
	Msg    string
}

func (n Note) String() string {
	if n.Object == "" {
		return n.Msg
	}
	return n.Object + ": " + n.Msg
}

// Result is the imported swarm and what the import could not carry over.
type Result struct {
	Swarm *spec.Swarm
	Notes []Note
	// Roles maps each input object the import read into a role to the
	// role's name (workloads, autoscalers, PDBs, Services, monitors, ...).
	Roles map[render.KubeObject]string
}

// objects is the input, by kind.
type objects struct {
	deployments  []*appsv1.Deployment
	statefulSets []*appsv1.StatefulSet
	jobs         []*batchv1.Job
	scaledJobs   []*keda.ScaledJob
	hpas         []*autoscalingv2.HorizontalPodAutoscaler
	scaledObjs   []*keda.ScaledObject
	triggerAuths map[string]*keda.TriggerAuthentication // by name
	pdbs         []*policyv1.PodDisruptionBudget
	services     []*corev1.Service
	svcMonitors  []*monitoringv1.ServiceMonitor
	podMonitors  []*monitoringv1.PodMonitor
	rules        []*monitoringv1.PrometheusRule
	priority     []*schedulingv1.PriorityClass
	serviceAccts map[string]*corev1.ServiceAccount
	used         map[render.KubeObject]bool
	all          []render.KubeObject // in input order
	namespace    *corev1.Namespace   // the swarm's own (createNamespace)
}

// Import builds a swarm from objs.
func Import(objs []render.KubeObject, opts Options) (*Result, error) {
	in := &objects{triggerAuths: map[string]*keda.TriggerAuthentication{}, serviceAccts: map[string]*corev1.ServiceAccount{}, used: map[render.KubeObject]bool{}}
	res := &Result{}
	in.all = objs
	for _, o := range objs {
		switch o := o.(type) {
		case *appsv1.Deployment:
			in.deployments = append(in.deployments, o)
		case *appsv1.StatefulSet:
			in.statefulSets = append(in.statefulSets, o)
		case *batchv1.Job:
			in.jobs = append(in.jobs, o)
		case *keda.ScaledJob:
			in.scaledJobs = append(in.scaledJobs, o)
		case *autoscalingv2.HorizontalPodAutoscaler:
			in.hpas = append(in.hpas, o)
		case *keda.ScaledObject:
			in.scaledObjs = append(in.scaledObjs, o)
		case *keda.TriggerAuthentication:
			in.triggerAuths[o.Namespace+"/"+o.Name] = o
		case *policyv1.PodDisruptionBudget:
			in.pdbs = append(in.pdbs, o)
		case *corev1.Service:
			in.services = append(in.services, o)
		case *monitoringv1.ServiceMonitor:
			in.svcMonitors = append(in.svcMonitors, o)
		case *monitoringv1.PodMonitor:
			in.podMonitors = append(in.podMonitors, o)
		case *monitoringv1.PrometheusRule:
			in.rules = append(in.rules, o)
		case *schedulingv1.PriorityClass:
			in.priority = append(in.priority, o)
		case *corev1.ServiceAccount:
			in.serviceAccts[o.Namespace+"/"+o.Name] = o
		case *corev1.Namespace:
			if o.Labels[render.LabelComponent] == render.ComponentNamespace {
				in.namespace = o
			}
		}
	}
	workloads := in.workloads()
	if len(workloads) == 0 {
		return nil, fmt.Errorf("no Deployment, StatefulSet, Job or ScaledJob to import")
	}
	sw := &spec.Swarm{APIVersion: spec.APIVersion, Kind: "Swarm"}
	sw.Metadata.Name, sw.Metadata.Namespace = swarmName(workloads, opts.Name)
	sw.Metadata.Labels = in.swarmLabels(sw.Metadata.Name)
	sw.Metadata.Annotations = in.swarmAnnotations(sw.Metadata.Name)
	im := &importer{in: in, sw: sw, res: res, pools: map[string]*spec.NodePool{}, roles: map[render.KubeObject]string{}}
	for _, w := range workloads {
		if w.meta().Labels[render.LabelComponent] == render.ComponentHeadroom {
			im.headroom(w)
			continue
		}
		im.role(w)
	}
	if len(sw.Spec.Roles) == 0 {
		return nil, fmt.Errorf("no workload could be imported: %s", notesText(res.Notes))
	}
	im.swarmLevel()
	res.Roles = im.roles
	if in.namespace != nil {
		sw.Spec.CreateNamespace = true
	}
	res.Swarm = sw
	return res, nil
}

func notesText(notes []Note) string {
	parts := make([]string, len(notes))
	for i, n := range notes {
		parts[i] = n.String()
	}
	return strings.Join(parts, "; ")
}

type importer struct {
	in    *objects
	sw    *spec.Swarm
	res   *Result
	pools map[string]*spec.NodePool
	roles map[render.KubeObject]string
}

func (im *importer) note(obj, format string, args ...any) {
	im.res.Notes = append(im.res.Notes, Note{Object: obj, Msg: fmt.Sprintf(format, args...)})
}

// workload is one Deployment, StatefulSet, Job or ScaledJob.
type workload struct {
	kind string
	obj  render.KubeObject
	pod  *corev1.PodTemplateSpec
	// replicas is spec.replicas (nil: unset).
	replicas *int32
}

func (w workload) meta() *metav1.ObjectMeta {
	switch o := w.obj.(type) {
	case *appsv1.Deployment:
		return &o.ObjectMeta
	case *appsv1.StatefulSet:
		return &o.ObjectMeta
	case *batchv1.Job:
		return &o.ObjectMeta
	case *keda.ScaledJob:
		return &o.ObjectMeta
	}
	return &metav1.ObjectMeta{}
}

func (w workload) ref() string { return refOf(w.kind, w.meta().Namespace, w.meta().Name) }

// refOf names an object in notes as Compare does: Kind/namespace/name.
func refOf(kind, ns, name string) string {
	if ns == "" {
		return kind + "/" + name
	}
	return kind + "/" + ns + "/" + name
}

// workloads are the input's workloads in input order: render writes them
// in role order, so the roles keep theirs.
func (in *objects) workloads() []workload {
	var ws []workload
	for _, o := range in.all {
		switch o := o.(type) {
		case *appsv1.Deployment:
			ws = append(ws, workload{kind: "Deployment", obj: o, pod: &o.Spec.Template, replicas: o.Spec.Replicas})
		case *appsv1.StatefulSet:
			ws = append(ws, workload{kind: "StatefulSet", obj: o, pod: &o.Spec.Template, replicas: o.Spec.Replicas})
		case *batchv1.Job:
			ws = append(ws, workload{kind: "Job", obj: o, pod: &o.Spec.Template, replicas: o.Spec.Parallelism})
		case *keda.ScaledJob:
			if o.Spec.JobTargetRef != nil {
				ws = append(ws, workload{kind: "ScaledJob", obj: o, pod: &o.Spec.JobTargetRef.Template})
			}
		}
	}
	return ws
}

// tooling reports whether a label or annotation belongs to the tools that
// applied or run the objects (kubectl's ApplySet and client-side apply,
// the Deployment controller), not to the swarm.
func tooling(key string) bool {
	return strings.HasPrefix(key, "applyset.kubernetes.io/") || strings.HasPrefix(key, "deployment.kubernetes.io/") ||
		key == livediff.LastApplied || strings.HasPrefix(key, "kubectl.kubernetes.io/")
}

// swarmAnnotations are the annotations every object of the swarm carries:
// metadata.annotations of the swarm.
func (in *objects) swarmAnnotations(swarm string) map[string]string {
	return in.common(swarm, render.KubeObject.GetAnnotations, "agentscale.dev/")
}

// swarmLabels are the labels every object of the swarm carries beside the
// standard ones: metadata.labels of the swarm, which render puts on all.
func (in *objects) swarmLabels(swarm string) map[string]string {
	return in.common(swarm, render.KubeObject.GetLabels, "app.kubernetes.io/")
}

// common is what of get every object of the swarm has with the same
// value, but render's own keys (prefix) and the tools'.
func (in *objects) common(swarm string, get func(render.KubeObject) map[string]string, prefix string) map[string]string {
	var common map[string]string
	for _, o := range in.all {
		if o.GetLabels()[render.LabelPartOf] != swarm {
			continue
		}
		m := get(o)
		if common == nil {
			common = map[string]string{}
			for k, v := range m {
				if !strings.HasPrefix(k, prefix) && !tooling(k) {
					common[k] = v
				}
			}
			continue
		}
		for k, v := range common {
			if m[k] != v {
				delete(common, k)
			}
		}
	}
	if len(common) == 0 {
		return nil
	}
	return common
}

// swarmName is the swarm's name and namespace: the workloads' common
// part-of label (what render writes), else the given name, else the
// namespace.
func swarmName(ws []workload, name string) (string, string) {
	ns := ws[0].meta().Namespace
	partOf := ws[0].meta().Labels[render.LabelPartOf]
	// A Helm release labels its objects app.kubernetes.io/instance and
	// names them RELEASE-NAME: as the swarm's name, render's names match.
	instance := ws[0].meta().Labels[render.LabelInstance]
	for _, w := range ws {
		if w.meta().Labels[render.LabelPartOf] != partOf {
			partOf = ""
		}
		if w.meta().Namespace != ns {
			ns = ""
		}
		if w.meta().Labels[render.LabelInstance] != instance || !strings.HasPrefix(w.meta().Name, instance+"-") {
			instance = ""
		}
	}
	switch {
	case name != "":
	case partOf != "":
		name = partOf
	case instance != "":
		name = instance
	case ns != "":
		name = ns
	default:
		name = "imported"
	}
	return name, ns
}

// roleName is the workload's role: render names objects <swarm>-<role>
// and labels them app.kubernetes.io/name=<role>.
func (im *importer) roleName(m *metav1.ObjectMeta) string {
	if r := m.Annotations[render.AnnotationRole]; r != "" {
		return r
	}
	if n := m.Labels[render.LabelName]; n != "" && m.Name == im.sw.ObjectName(n) {
		return n
	}
	if s, ok := strings.CutPrefix(m.Name, im.sw.Metadata.Name+"-"); ok && s != "" {
		return s
	}
	return m.Name
}

// selects reports whether sel selects the pod template's labels.
func selects(sel map[string]string, pod *corev1.PodTemplateSpec) bool {
	return len(sel) > 0 && labels.SelectorFromSet(sel).Matches(labels.Set(pod.Labels))
}

func (im *importer) role(w workload) {
	m := w.meta()
	role := spec.Role{Name: im.roleName(m)}
	ref := w.ref()
	pod := w.pod
	if len(pod.Spec.Containers) == 0 {
		im.note(ref, "no container: left out")
		return
	}
	c := pod.Spec.Containers[0]
	if c.Image == "" {
		im.note(ref, "its container has no image: left out")
		return
	}
	if len(pod.Spec.Containers) > 1 {
		im.note(ref, "%d containers: the role is the first (%s); the others live only in the imported environment's patches", len(pod.Spec.Containers), c.Name)
	}
	if len(pod.Spec.InitContainers) > 0 {
		im.note(ref, "init containers live only in the imported environment's patches")
	}
	role.Image, role.ImagePullPolicy = c.Image, c.ImagePullPolicy
	role.Command, role.Args = c.Command, c.Args
	role.Env, role.EnvFrom = c.Env, c.EnvFrom
	if !isEmptyResources(c.Resources) {
		r := c.Resources.DeepCopy()
		role.Resources = r
	}
	if c.ReadinessProbe != nil || c.LivenessProbe != nil || c.StartupProbe != nil {
		role.Probes = &spec.Probes{Readiness: c.ReadinessProbe, Liveness: c.LivenessProbe, Startup: c.StartupProbe}
	}
	role.TerminationGracePeriodSeconds = pod.Spec.TerminationGracePeriodSeconds

	// State and workload kind: the annotation render writes, else what
	// the kind implies.
	state := spec.State(m.Annotations[render.AnnotationState])
	switch w.kind {
	case "StatefulSet":
		sts := w.obj.(*appsv1.StatefulSet)
		if len(sts.Spec.VolumeClaimTemplates) > 0 {
			role.Storage = im.storage(ref, sts, c)
			if state == "" {
				state = spec.Hard
			}
		} else if m.Annotations[render.AnnotationIdentity] == "stable" {
			role.StableIdentity = true
		} else if state != spec.Hard {
			role.Workload = spec.WorkloadStatefulSet
		}
		if sts.Spec.PodManagementPolicy == appsv1.OrderedReadyPodManagement {
			role.Ordered = true
		}
		if state == "" {
			state = spec.Soft
			im.note(ref, "a StatefulSet without volume claims: imported as state soft with a stable identity")
			role.StableIdentity, role.Workload = true, ""
		}
	case "Job", "ScaledJob":
		role.Workload = spec.WorkloadJob
		im.job(&role, w)
	default:
		if state == "" {
			state = spec.Stateless
		}
	}
	if state != spec.Stateless {
		role.State = state
	}
	im.ports(&role, w, c)
	im.replicas(&role, w)
	im.disruption(&role, w)
	im.nodePool(&role, w)
	im.simulation(&role, m)
	im.extras(&role, w)
	im.roles[w.obj] = role.Name
	for o := range im.in.used {
		if _, seen := im.roles[o]; !seen {
			im.roles[o] = role.Name
		}
	}
	if live(m) {
		dropServerDefaults(&role)
	}
	im.sw.Spec.Roles = append(im.sw.Spec.Roles, role)
}

// live reports whether an object was read back from a cluster: it has the
// metadata only the server writes (livediff.StripServerFields decides the
// same for plain objects).
func live(m *metav1.ObjectMeta) bool {
	return m.ResourceVersion != "" || m.UID != "" || m.Generation != 0 || !m.CreationTimestamp.IsZero() || len(m.ManagedFields) > 0
}

// dropServerDefaults clears what the API server filled into a workload read
// back from a cluster, so the swarm says what a person would: applying it
// leaves the defaults as they are (the fields are the server's). These are
// the defaults of k8s.io/kubernetes pkg/apis/core/v1/defaults.go.
func dropServerDefaults(role *spec.Role) {
	if role.ImagePullPolicy == defaultPullPolicy(role.Image) {
		role.ImagePullPolicy = ""
	}
	if g := role.TerminationGracePeriodSeconds; g != nil && *g == corev1.DefaultTerminationGracePeriodSeconds {
		role.TerminationGracePeriodSeconds = nil
	}
	if p := role.Probes; p != nil {
		for _, pr := range []*corev1.Probe{p.Readiness, p.Liveness, p.Startup} {
			if pr == nil {
				continue
			}
			for _, f := range []struct {
				v   *int32
				def int32
			}{{&pr.TimeoutSeconds, 1}, {&pr.PeriodSeconds, 10}, {&pr.SuccessThreshold, 1}, {&pr.FailureThreshold, 3}} {
				if *f.v == f.def {
					*f.v = 0
				}
			}
			if h := pr.HTTPGet; h != nil && h.Scheme == corev1.URISchemeHTTP {
				h.Scheme = ""
			}
		}
	}
	for i := range role.Env {
		if f := role.Env[i].ValueFrom; f != nil && f.FieldRef != nil && f.FieldRef.APIVersion == "v1" {
			f.FieldRef.APIVersion = ""
		}
	}
	for i := range role.Ports {
		if role.Ports[i].Protocol == corev1.ProtocolTCP {
			role.Ports[i].Protocol = ""
		}
	}
}

// defaultPullPolicy is the server's: Always for :latest or no tag, else
// IfNotPresent.
func defaultPullPolicy(image string) corev1.PullPolicy {
	if i := strings.LastIndex(image, "@"); i >= 0 {
		return corev1.PullIfNotPresent
	}
	name := image[strings.LastIndex(image, "/")+1:]
	tag, ok := "", false
	if i := strings.LastIndex(name, ":"); i >= 0 {
		tag, ok = name[i+1:], true
	}
	if !ok || tag == "latest" {
		return corev1.PullAlways
	}
	return corev1.PullIfNotPresent
}

func isEmptyResources(r corev1.ResourceRequirements) bool {
	return len(r.Requests) == 0 && len(r.Limits) == 0 && len(r.Claims) == 0
}

func (im *importer) storage(ref string, sts *appsv1.StatefulSet, c corev1.Container) *spec.Storage {
	pvc := sts.Spec.VolumeClaimTemplates[0]
	if len(sts.Spec.VolumeClaimTemplates) > 1 {
		im.note(ref, "the role's storage is the first volume claim template (%s); the others live only in the imported environment's patches", pvc.Name)
	}
	st := &spec.Storage{Size: pvc.Spec.Resources.Requests[corev1.ResourceStorage]}
	if pvc.Spec.StorageClassName != nil {
		st.StorageClass = *pvc.Spec.StorageClassName
	}
	if am := pvc.Spec.AccessModes; !(len(am) == 1 && am[0] == corev1.ReadWriteOnce) {
		st.AccessModes = am
	}
	for _, vm := range c.VolumeMounts {
		if vm.Name == pvc.Name {
			st.MountPath = vm.MountPath
		}
	}
	if p := sts.Spec.PersistentVolumeClaimRetentionPolicy; p != nil && p.WhenDeleted == appsv1.DeletePersistentVolumeClaimRetentionPolicyType {
		st.RetainOnDelete = ptr(false)
	}
	return st
}

func (im *importer) job(role *spec.Role, w workload) {
	var js batchv1.JobSpec
	switch o := w.obj.(type) {
	case *batchv1.Job:
		js = o.Spec
	case *keda.ScaledJob:
		js = *o.Spec.JobTargetRef
	}
	j := &spec.JobSpec{BackoffLimit: js.BackoffLimit, ActiveDeadlineSeconds: js.ActiveDeadlineSeconds, TTLSecondsAfterFinished: js.TTLSecondsAfterFinished, Completions: js.Completions}
	// A Job's parallelism is its replicas: render writes one as the other.
	if _, ok := w.obj.(*batchv1.Job); ok && js.Parallelism != nil {
		role.Replicas = &spec.Replicas{Min: *js.Parallelism, Max: *js.Parallelism, Fixed: true}
	} else {
		j.Parallelism = js.Parallelism
	}
	if *j != (spec.JobSpec{}) {
		role.Job = j
	}
}

// ports are the container's ports minus the metrics and peers ports render
// adds itself; those become metrics and peers.
func (im *importer) ports(role *spec.Role, w workload, c corev1.Container) {
	metrics := im.metrics(w, c)
	peers := im.peers(w, c)
	names := map[string]bool{}
	for _, p := range c.Ports {
		if metrics != nil && p.ContainerPort == metrics.Port && p.Name == "metrics" {
			continue
		}
		if peers != nil && p.ContainerPort == peers.Port && p.Name == "peers" {
			continue
		}
		if p.ContainerPort < 1 || p.ContainerPort > 65535 {
			im.note(w.ref(), "container port %q has no valid number (%d): left out", p.Name, p.ContainerPort)
			continue
		}
		// A swarm's ports are named (Services and probes refer to them).
		name := p.Name
		if len(validation.IsValidPortName(name)) > 0 {
			name = fmt.Sprintf("port-%d", p.ContainerPort)
			im.note(w.ref(), "container port %d: named %s (a swarm's ports need a valid name, not %q)", p.ContainerPort, name, p.Name)
		}
		if names[name] {
			im.note(w.ref(), "container port %d: a second port named %s: left out", p.ContainerPort, name)
			continue
		}
		names[name] = true
		port := spec.Port{Name: name, Port: p.ContainerPort}
		if p.Protocol != "" && p.Protocol != corev1.ProtocolTCP {
			port.Protocol = p.Protocol
		}
		role.Ports = append(role.Ports, port)
	}
	role.Metrics, role.Peers = metrics, peers
	// The Services that select the pods are the role's (render writes
	// them from the ports and peers).
	for _, svc := range im.in.services {
		if svc.Namespace == w.meta().Namespace && selects(svc.Spec.Selector, w.pod) {
			im.in.used[svc] = true
		}
	}
}

// portNumber resolves a named or numbered port of the container.
func portNumber(c corev1.Container, name string) int32 {
	for _, p := range c.Ports {
		if p.Name == name {
			return p.ContainerPort
		}
	}
	if n, err := strconv.Atoi(name); err == nil {
		return int32(n)
	}
	return 0
}

// metrics is the role's Prometheus endpoint, from the ServiceMonitor of a
// Service that selects the pods, or a PodMonitor that does.
func (im *importer) metrics(w workload, c corev1.Container) *spec.Metrics {
	for _, pm := range im.in.podMonitors {
		if pm.Namespace == w.meta().Namespace && selects(pm.Spec.Selector.MatchLabels, w.pod) && len(pm.Spec.PodMetricsEndpoints) > 0 {
			im.in.used[pm] = true
			e := pm.Spec.PodMetricsEndpoints[0]
			name := ""
			if e.Port != nil {
				name = *e.Port
			}
			return endpoint(portNumber(c, name), e.Path, string(e.Interval))
		}
	}
	for _, sm := range im.in.svcMonitors {
		for _, svc := range im.in.services {
			if svc.Namespace != w.meta().Namespace || !selects(svc.Spec.Selector, w.pod) || !labels.SelectorFromSet(sm.Spec.Selector.MatchLabels).Matches(labels.Set(svc.Labels)) || len(sm.Spec.Endpoints) == 0 {
				continue
			}
			im.in.used[sm] = true
			e := sm.Spec.Endpoints[0]
			target := e.Port
			for _, sp := range svc.Spec.Ports {
				if sp.Name == e.Port {
					target = sp.TargetPort.String()
				}
			}
			return endpoint(portNumber(c, target), e.Path, string(e.Interval))
		}
	}
	return nil
}

func endpoint(port int32, path, interval string) *spec.Metrics {
	if port == 0 {
		return nil
	}
	m := &spec.Metrics{Port: port, Interval: interval}
	if path != "/metrics" {
		m.Path = path
	}
	return m
}

// peers is the headless Service render writes for a role with peers.
func (im *importer) peers(w workload, c corev1.Container) *spec.Peers {
	for _, svc := range im.in.services {
		if svc.Spec.ClusterIP != corev1.ClusterIPNone || !selects(svc.Spec.Selector, w.pod) || len(svc.Spec.Ports) == 0 {
			continue
		}
		// A StatefulSet's governing Service is headless too; it is peers
		// only where render said so on the pods.
		if w.kind == "StatefulSet" && w.obj.(*appsv1.StatefulSet).Spec.ServiceName == svc.Name && w.pod.Annotations[render.AnnotationPeers] == "" {
			continue
		}
		p := portNumber(c, svc.Spec.Ports[0].TargetPort.String())
		if p == 0 {
			p = svc.Spec.Ports[0].Port
		}
		return &spec.Peers{Port: p, PublishNotReadyAddresses: svc.Spec.PublishNotReadyAddresses}
	}
	return nil
}

// replicas and scaling: the HPA or ScaledObject that targets the workload,
// else the fixed count.
func (im *importer) replicas(role *spec.Role, w workload) {
	name := w.meta().Name
	for _, h := range im.in.hpas {
		if h.Spec.ScaleTargetRef.Name != name || h.Spec.ScaleTargetRef.Kind != w.kind || h.Namespace != w.meta().Namespace {
			continue
		}
		im.in.used[h] = true
		min := int32(1)
		if h.Spec.MinReplicas != nil {
			min = *h.Spec.MinReplicas
		}
		role.Replicas = &spec.Replicas{Min: min, Max: h.Spec.MaxReplicas}
		hpa, skipped := im.hpa(w, h)
		if hpa.CPU == nil && hpa.Memory == nil && len(hpa.Metrics) == 0 {
			// The API's default for an HPA without metrics; with only
			// metrics the format cannot say, the patch restores them.
			hpa.CPU = ptr(int32(80))
			if !skipped {
				im.note(refOf("HorizontalPodAutoscaler", h.Namespace, h.Name), "no metrics: 80%% CPU utilization, the API's default")
			}
		}
		role.Scaling = &spec.Scaling{HPA: hpa}
		return
	}
	for _, so := range im.in.scaledObjs {
		if t := so.Spec.ScaleTargetRef; t == nil || t.Name != name || so.Namespace != w.meta().Namespace || (t.Kind != "" && t.Kind != w.kind) || (t.Kind == "" && w.kind != "Deployment") {
			continue
		}
		im.in.used[so] = true
		role.Replicas = &spec.Replicas{Min: deref(so.Spec.MinReplicaCount, 0), Max: deref(so.Spec.MaxReplicaCount, 100)}
		k := &spec.KEDA{PollingInterval: so.Spec.PollingInterval, CooldownPeriod: so.Spec.CooldownPeriod, IdleReplicas: so.Spec.IdleReplicaCount}
		if f := so.Spec.Fallback; f != nil {
			k.Fallback = &spec.Fallback{FailureThreshold: f.FailureThreshold, Replicas: f.Replicas}
		}
		if a := so.Spec.Advanced; a != nil && a.HorizontalPodAutoscalerConfig != nil {
			k.Behavior = a.HorizontalPodAutoscalerConfig.Behavior
		}
		k.Triggers = im.triggers(w, so.Spec.Triggers, so.Annotations[render.AnnotationKafkaPartitions])
		role.Scaling = &spec.Scaling{KEDA: k}
		return
	}
	if sj, ok := w.obj.(*keda.ScaledJob); ok {
		role.Replicas = &spec.Replicas{Min: deref(sj.Spec.MinReplicaCount, 0), Max: deref(sj.Spec.MaxReplicaCount, 100)}
		role.Scaling = &spec.Scaling{KEDA: &spec.KEDA{PollingInterval: sj.Spec.PollingInterval, Triggers: im.triggers(w, sj.Spec.Triggers, sj.Annotations[render.AnnotationKafkaPartitions])}}
		return
	}
	n := int32(1)
	if w.replicas != nil {
		n = *w.replicas
	}
	if w.kind == "Job" {
		return // parallelism, read by job
	}
	role.Replicas = &spec.Replicas{Min: n, Max: n, Fixed: true}
}

func (im *importer) hpa(w workload, h *autoscalingv2.HorizontalPodAutoscaler) (*spec.HPA, bool) {
	out := &spec.HPA{Behavior: h.Spec.Behavior.DeepCopy()}
	// skipped: metrics the format has no field for (they stay in the
	// carried patch); an HPA with only those must not get an invented one.
	skipped := false
	skip := func(format string, args ...any) {
		skipped = true
		im.note(refOf("HorizontalPodAutoscaler", h.Namespace, h.Name), format+": no role field says it; it stays in the imported environment's patch", args...)
	}
	for _, m := range h.Spec.Metrics {
		switch {
		case m.Type == autoscalingv2.ResourceMetricSourceType && m.Resource != nil:
			r := m.Resource
			if r.Target.AverageUtilization == nil || (r.Name != corev1.ResourceCPU && r.Name != corev1.ResourceMemory) {
				skip("a %s metric with a %s target", r.Name, r.Target.Type)
				continue
			}
			if r.Name == corev1.ResourceCPU {
				out.CPU = r.Target.AverageUtilization
			} else {
				out.Memory = r.Target.AverageUtilization
			}
		case m.Type == autoscalingv2.ObjectMetricSourceType && m.Object != nil:
			hm := custom(spec.MetricObject, m.Object.Metric, m.Object.Target)
			d := m.Object.DescribedObject
			// An Object metric about its own workload is render's default.
			if !(d.Kind == w.kind && d.Name == w.meta().Name) {
				hm.DescribedObject = &spec.ObjectRef{APIVersion: d.APIVersion, Kind: d.Kind, Name: d.Name}
			}
			out.Metrics = append(out.Metrics, hm)
		case m.Type == autoscalingv2.PodsMetricSourceType && m.Pods != nil:
			hm := custom(spec.MetricPods, m.Pods.Metric, m.Pods.Target)
			hm.TargetType = ""
			out.Metrics = append(out.Metrics, hm)
		case m.Type == autoscalingv2.ExternalMetricSourceType && m.External != nil:
			out.Metrics = append(out.Metrics, custom(spec.MetricExternal, m.External.Metric, m.External.Target))
		default:
			skip("a %s metric", m.Type)
		}
	}
	// A tolerance render spread over both directions comes back as one.
	if b := out.Behavior; b != nil && b.ScaleUp != nil && b.ScaleDown != nil && b.ScaleUp.Tolerance != nil && b.ScaleDown.Tolerance != nil && b.ScaleUp.Tolerance.Cmp(*b.ScaleDown.Tolerance) == 0 {
		t := b.ScaleUp.Tolerance.AsApproximateFloat64()
		out.Tolerance = &t
		b.ScaleUp.Tolerance, b.ScaleDown.Tolerance = nil, nil
		if emptyRules(b.ScaleUp) {
			b.ScaleUp = nil
		}
		if emptyRules(b.ScaleDown) {
			b.ScaleDown = nil
		}
		if b.ScaleUp == nil && b.ScaleDown == nil {
			out.Behavior = nil
		}
	}
	return out, skipped
}

func emptyRules(r *autoscalingv2.HPAScalingRules) bool {
	return r.StabilizationWindowSeconds == nil && r.SelectPolicy == nil && len(r.Policies) == 0 && r.Tolerance == nil
}

func custom(typ string, id autoscalingv2.MetricIdentifier, t autoscalingv2.MetricTarget) spec.HPAMetric {
	hm := spec.HPAMetric{Name: id.Name, Type: typ, Selector: id.Selector, TargetType: string(t.Type)}
	switch {
	case t.Value != nil:
		hm.Target = *t.Value
	case t.AverageValue != nil:
		hm.Target = *t.AverageValue
	}
	return hm
}

// triggers are the KEDA triggers with their authentication folded back
// into auth: the TriggerAuthentication's parameters and the Secret.
func (im *importer) triggers(w workload, ts []keda.ScaleTrigger, partitions string) []spec.Trigger {
	counts := strings.Split(partitions, ",")
	kafka := 0
	var out []spec.Trigger
	for _, t := range ts {
		st := spec.Trigger{Type: t.Type, Name: t.Name, MetricType: string(t.MetricType), Metadata: spec.StringMap(t.Metadata)}
		if t.Type == "kafka" {
			if kafka < len(counts) && counts[kafka] != "" {
				if n, err := strconv.Atoi(counts[kafka]); err == nil {
					st.Partitions = ptr(int32(n))
				}
			}
			kafka++
		}
		if ref := t.AuthenticationRef; ref != nil {
			ta := im.in.triggerAuths[w.meta().Namespace+"/"+ref.Name]
			if ref.Kind == "ClusterTriggerAuthentication" {
				ta = nil
			}
			if ta == nil {
				im.note(w.ref(), "trigger %s names %s %s, which is not in the input: the trigger has no auth", t.Type, orDefault(ref.Kind, "TriggerAuthentication"), ref.Name)
			} else {
				im.in.used[ta] = true
				st.Auth = triggerAuth(ta)
				if secrets := secretNames(ta); len(secrets) > 1 {
					im.note(refOf("TriggerAuthentication", ta.Namespace, ta.Name), "reads %d Secrets (%s); auth names one: the imported environment's patch restores the others", len(secrets), strings.Join(secrets, ", "))
				}
			}
		}
		out = append(out, st)
	}
	return out
}

func secretNames(ta *keda.TriggerAuthentication) []string {
	var names []string
	for _, r := range ta.Spec.SecretTargetRef {
		if !slices.Contains(names, r.Name) {
			names = append(names, r.Name)
		}
	}
	return names
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

func triggerAuth(ta *keda.TriggerAuthentication) *spec.TriggerAuth {
	a := &spec.TriggerAuth{}
	if p := ta.Spec.PodIdentity; p != nil {
		a.PodIdentity = &spec.PodIdentity{Provider: p.Provider, IdentityID: p.IdentityID, RoleArn: p.RoleArn}
	}
	for _, r := range ta.Spec.SecretTargetRef {
		if a.Secret == "" {
			a.Secret = r.Name // the first; others come back through the patch
		}
		if a.Params == nil {
			a.Params = map[string]string{}
		}
		a.Params[r.Parameter] = r.Key
	}
	return a
}

// disruption is the PodDisruptionBudget that selects the pods: render's
// default (maxUnavailable 1) is left implicit, none is disruption: false.
func (im *importer) disruption(role *spec.Role, w workload) {
	for _, p := range im.in.pdbs {
		if p.Namespace != w.meta().Namespace || p.Spec.Selector == nil || !selects(p.Spec.Selector.MatchLabels, w.pod) {
			continue
		}
		im.in.used[p] = true
		d := &spec.Disruption{}
		switch {
		case p.Spec.MinAvailable != nil:
			d.MinAvailable = intOrPercent(p.Spec.MinAvailable.String())
		case p.Spec.MaxUnavailable != nil && p.Spec.MaxUnavailable.String() == "1":
			return
		case p.Spec.MaxUnavailable != nil:
			d.MaxUnavailable = intOrPercent(p.Spec.MaxUnavailable.String())
		}
		role.Disruption = d
		return
	}
	if w.kind == "Job" || w.kind == "ScaledJob" {
		return
	}
	role.Disruption = &spec.Disruption{Disabled: true}
}

func intOrPercent(s string) *spec.IntOrPercent {
	if strings.HasSuffix(s, "%") {
		return &spec.IntOrPercent{Percent: s}
	}
	n, _ := strconv.Atoi(s)
	return &spec.IntOrPercent{Int: int32(n)}
}

// nodePool rebuilds the role's pool from the annotations render writes
// and the pod's node selector and tolerations.
func (im *importer) nodePool(role *spec.Role, w workload) {
	name := w.meta().Annotations[render.AnnotationNodePool]
	if name == "" {
		if len(w.pod.Spec.NodeSelector) > 0 || len(w.pod.Spec.Tolerations) > 0 {
			im.note(w.ref(), "node selector and tolerations name no node pool: they live only in the imported environment's patches (a spec.nodePools entry would let simulate and lint see the pool)")
		}
		return
	}
	role.NodePool = name
	if _, ok := im.pools[name]; ok {
		return
	}
	p := &spec.NodePool{Name: name, NodeSelector: w.pod.Spec.NodeSelector, Tolerations: w.pod.Spec.Tolerations, Allocatable: corev1.ResourceList{}}
	for _, kv := range strings.Split(w.meta().Annotations[render.AnnotationAllocatable], ",") {
		if k, v, ok := strings.Cut(kv, "="); ok {
			if q, err := resource.ParseQuantity(v); err == nil {
				p.Allocatable[corev1.ResourceName(k)] = q
			}
		}
	}
	if n, err := strconv.Atoi(w.meta().Annotations[render.AnnotationPoolMaxNodes]); err == nil {
		p.MaxNodes = int32(n)
	}
	im.pools[name] = p
	im.sw.Spec.NodePools = append(im.sw.Spec.NodePools, *p)
}

func (im *importer) simulation(role *spec.Role, m *metav1.ObjectMeta) {
	s := &spec.Simulation{}
	if v, err := strconv.ParseFloat(m.Annotations[render.AnnotationTasksPerSecond], 64); err == nil {
		s.TasksPerSecond = &v
	}
	if v, err := strconv.Atoi(m.Annotations[render.AnnotationStartupSeconds]); err == nil {
		s.StartupSeconds = ptr(int32(v))
	}
	if s.TasksPerSecond != nil || s.StartupSeconds != nil {
		role.Simulation = s
	}
}

// extras: the role's own labels and annotations (what render did not
// write), long tasks, the ServiceAccount.
func (im *importer) extras(role *spec.Role, w workload) {
	m := w.meta()
	for k, v := range m.Labels {
		if _, swarmWide := im.sw.Metadata.Labels[k]; !strings.HasPrefix(k, "app.kubernetes.io/") && !swarmWide && !tooling(k) {
			if role.Labels == nil {
				role.Labels = map[string]string{}
			}
			role.Labels[k] = v
		}
	}
	for k, v := range m.Annotations {
		if _, swarmWide := im.sw.Metadata.Annotations[k]; !swarmWide && !strings.HasPrefix(k, "agentscale.dev/") && !tooling(k) {
			if role.Annotations == nil {
				role.Annotations = map[string]string{}
			}
			role.Annotations[k] = v
		}
	}
	pa := w.pod.Annotations
	if w.kind != "Job" && w.kind != "ScaledJob" && pa[render.AnnotationSafeToEvict] == "false" {
		role.LongTasks = true
	}
	if sa := im.in.serviceAccts[m.Namespace+"/"+w.pod.Spec.ServiceAccountName]; sa != nil {
		im.in.used[sa] = true
		acct := &spec.ServiceAccount{AutomountToken: sa.AutomountServiceAccountToken != nil && *sa.AutomountServiceAccountToken}
		for k, v := range sa.Annotations {
			_, swarmWide := im.sw.Metadata.Annotations[k]
			_, roleWide := role.Annotations[k]
			if k != render.AnnotationRole && !swarmWide && !roleWide && !tooling(k) {
				if acct.Annotations == nil {
					acct.Annotations = map[string]string{}
				}
				acct.Annotations[k] = v
			}
		}
		if acct.AutomountToken || len(acct.Annotations) > 0 {
			role.ServiceAccount = acct
		}
	}
}

// headroom is the pause-pod Deployment render writes for spec.headroom.
func (im *importer) headroom(w workload) {
	d, ok := w.obj.(*appsv1.Deployment)
	if !ok || len(d.Spec.Template.Spec.Containers) == 0 {
		return
	}
	c := d.Spec.Template.Spec.Containers[0]
	h := &spec.Headroom{Replicas: deref(d.Spec.Replicas, 1), Resources: c.Resources, NodePool: d.Annotations[render.AnnotationNodePool]}
	if c.Image != spec.DefaultPauseImage {
		h.Image = c.Image
	}
	im.sw.Spec.Headroom = h
	if h.NodePool != "" {
		role := spec.Role{}
		im.nodePool(&role, w)
	}
}

// swarmLevel: what the swarm's own objects say: network policies, alerts
// (and the queueing objective they hold roles to), the dashboard and the
// labels monitors carry.
func (im *importer) swarmLevel() {
	monitored := im.sw.Spec.Monitoring != nil
	for _, r := range im.sw.Spec.Roles {
		monitored = monitored || r.Metrics != nil
	}
	dashboard := false
	for _, o := range im.in.all {
		if o.GetLabels()[render.LabelPartOf] != im.sw.Metadata.Name {
			continue
		}
		switch o := o.(type) {
		case *networkingv1.NetworkPolicy:
			im.sw.Spec.NetworkPolicy = true
			if ns := monitoringNamespace(o); ns != "" && ns != spec.DefaultMonitoringNamespace {
				im.monitoring().Namespace = ns
			}
		case *monitoringv1.PrometheusRule:
			im.monitoring().Alerts = true
			im.monitorLabels(o.Labels, nil)
			im.waitObjectives(o)
		case *monitoringv1.ServiceMonitor:
			im.monitorLabels(o.Labels, im.workloadLabels(o.Labels[render.LabelInstance]))
		case *monitoringv1.PodMonitor:
			im.monitorLabels(o.Labels, im.workloadLabels(o.Labels[render.LabelInstance]))
		case *corev1.ConfigMap:
			if o.Labels[render.LabelGrafanaDashboard] != "" || o.Annotations[render.AnnotationGrafanaFolder] != "" {
				dashboard = true
				im.folder(o.Annotations[render.AnnotationGrafanaFolder])
			}
		case *grafana.GrafanaDashboard:
			dashboard = true
			d := im.dashboard()
			d.GrafanaOperator = &spec.GrafanaOperator{InstanceSelector: o.Spec.InstanceSelector.MatchLabels}
			im.folder(o.Spec.Folder)
		}
	}
	if (monitored || im.sw.Spec.Monitoring != nil) && !dashboard {
		im.dashboard().Enabled = ptr(false)
	}
}

// workloadLabels are the labels of the workload with this instance label.
func (im *importer) workloadLabels(instance string) map[string]string {
	for _, w := range im.in.workloads() {
		if w.meta().Labels[render.LabelInstance] == instance {
			return w.meta().Labels
		}
	}
	return nil
}

// monitoringNamespace is the namespace a NetworkPolicy admits scrapes from.
func monitoringNamespace(np *networkingv1.NetworkPolicy) string {
	for _, r := range np.Spec.Ingress {
		for _, f := range r.From {
			if f.NamespaceSelector != nil {
				if ns := f.NamespaceSelector.MatchLabels["kubernetes.io/metadata.name"]; ns != "" {
					return ns
				}
			}
		}
	}
	return ""
}

// monitorLabels are monitoring.labels: what monitors carry beyond the
// swarm's labels and their role's (a Prometheus's selector, e.g. release:
// kube-prometheus-stack).
func (im *importer) monitorLabels(ls, role map[string]string) {
	for k, v := range ls {
		_, swarmWide := im.sw.Metadata.Labels[k]
		if _, own := role[k]; strings.HasPrefix(k, "app.kubernetes.io/") || swarmWide || own || tooling(k) {
			continue
		}
		m := im.monitoring()
		if m.Labels == nil {
			m.Labels = map[string]string{}
		}
		m.Labels[k] = v
	}
}

// waitObjectives reads the threshold of each role's queueing-time alert
// back into its waitObjective: render takes it from the scenarios, which
// objects do not carry.
func (im *importer) waitObjectives(pr *monitoringv1.PrometheusRule) {
	for _, g := range pr.Spec.Groups {
		for _, r := range g.Rules {
			if r.Alert != render.AlertQueueingTimeHigh {
				continue
			}
			_, threshold, ok := strings.Cut(r.Expr.String(), " > ")
			secs, err := strconv.ParseFloat(strings.TrimSpace(threshold), 64)
			if !ok || err != nil {
				continue
			}
			for i := range im.sw.Spec.Roles {
				if role := &im.sw.Spec.Roles[i]; role.Name == r.Labels["role"] {
					role.WaitObjective = &metav1.Duration{Duration: time.Duration(secs * float64(time.Second))}
				}
			}
		}
	}
}

func (im *importer) dashboard() *spec.Dashboard {
	m := im.monitoring()
	if m.Dashboard == nil {
		m.Dashboard = &spec.Dashboard{}
	}
	return m.Dashboard
}

func (im *importer) folder(f string) {
	if f != "" && f != spec.DefaultDashboardFolder {
		im.dashboard().Folder = f
	}
}

func (im *importer) monitoring() *spec.Monitoring {
	if im.sw.Spec.Monitoring == nil {
		im.sw.Spec.Monitoring = &spec.Monitoring{}
	}
	return im.sw.Spec.Monitoring
}

func ptr[T any](v T) *T { return &v }

func deref[T any](p *T, def T) T {
	if p == nil {
		return def
	}
	return *p
}
