package render

import (
	"maps"
	"slices"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/agentscale/agentscale/internal/spec"
)

// Volumes every agent pod gets.
const (
	tmpVolume  = "tmp"
	tmpPath    = "/tmp"
	dataVolume = "data"
)

// drainPauseSeconds is how long a serving pod waits in preStop before
// SIGTERM: endpoint removal reaches kube-proxy and load balancers a few
// seconds after the pod starts terminating, and requests sent meanwhile
// would find the agent gone.
const drainPauseSeconds = 5

// drainPause is the preStop sleep (the kubelet's own sleep action, so the
// image needs no sleep binary), kept below the grace period it counts
// against: half of a grace period shorter than twice the pause, none
// under 2 s.
func drainPause(grace *int64) *corev1.Lifecycle {
	pause := int64(drainPauseSeconds)
	if grace != nil && *grace < 2*pause {
		pause = *grace / 2
	}
	if pause < 1 {
		return nil
	}
	return &corev1.Lifecycle{PreStop: &corev1.LifecycleHandler{Sleep: &corev1.SleepAction{Seconds: pause}}}
}

// podTemplate is the role's pod: one container, the restricted security
// context, a writable /tmp on a read-only root, and scheduling from the
// node pool.
func (r *renderer) podTemplate(rc *roleContext) corev1.PodTemplateSpec {
	role := rc.role
	// A Job's pod runs one task to its end: the Cluster Autoscaler treats
	// Job pods as replicated and would evict them on scale-down (each
	// eviction counting against backoffLimit), so they opt out, and the
	// local-volumes permission, which would lift the last guard, goes. A
	// role with long tasks opts out the same way: an eviction loses the
	// task, and the autoscaler cuts a drain at its max-graceful-termination
	// (600 s by default) whatever the grace period.
	annots := map[string]string{AnnotationSafeToEvictVolume: tmpVolume}
	if rc.isJob() || role.LongTasks {
		annots = map[string]string{AnnotationSafeToEvict: "false", AnnotationDoNotDisrupt: "true"}
	}
	for k, v := range role.Annotations {
		annots[k] = v
	}
	if role.Peers != nil {
		annots[AnnotationPeers] = r.peersAddress(rc)
	}
	c := corev1.Container{
		Name:            role.Name,
		Image:           role.Image,
		ImagePullPolicy: role.ImagePullPolicy,
		Command:         slices.Clone(role.Command),
		Args:            slices.Clone(role.Args),
		Env:             deepCopyAll(role.Env),
		EnvFrom:         deepCopyAll(role.EnvFrom),
		Ports:           containerPorts(rc),
		SecurityContext: containerSecurity(),
		VolumeMounts:    []corev1.VolumeMount{{Name: tmpVolume, MountPath: tmpPath}},
	}
	c.Resources = containerResources(role.Resources)
	if len(role.Ports) > 0 && !rc.isJob() {
		c.Lifecycle = drainPause(role.TerminationGracePeriodSeconds)
	}
	if p := role.Probes; p != nil {
		c.ReadinessProbe, c.LivenessProbe, c.StartupProbe = p.Readiness.DeepCopy(), p.Liveness.DeepCopy(), p.Startup.DeepCopy()
	}
	if st := role.Storage; st != nil {
		c.VolumeMounts = append(c.VolumeMounts, corev1.VolumeMount{Name: dataVolume, MountPath: st.MountPath})
	}
	sel := r.selector(&rc.owner)
	ps := corev1.PodSpec{
		ServiceAccountName:            rc.name,
		AutomountServiceAccountToken:  ptr(automount(role)),
		SecurityContext:               podSecurity(role.Storage != nil),
		TerminationGracePeriodSeconds: clonePtr(role.TerminationGracePeriodSeconds),
		Containers:                    []corev1.Container{c},
		Volumes:                       []corev1.Volume{{Name: tmpVolume, VolumeSource: corev1.VolumeSource{EmptyDir: &corev1.EmptyDirVolumeSource{SizeLimit: tmpSize(c.Resources)}}}},
	}
	if rc.isJob() {
		ps.RestartPolicy = corev1.RestartPolicyNever
	}
	schedule(&ps, rc.pool)
	if rc.multiPod() {
		ps.TopologySpreadConstraints = spread(sel, rc.kind == spec.WorkloadDeployment)
		ps.Affinity = antiAffinity(sel)
	}
	return corev1.PodTemplateSpec{
		ObjectMeta: metav1.ObjectMeta{Labels: r.labels(&rc.owner), Annotations: annots},
		Spec:       ps,
	}
}

// automount is whether the pod gets an API token: agents rarely call the
// Kubernetes API, and a mounted token is a credential an attacker can use.
func automount(role *spec.Role) bool {
	return role.ServiceAccount != nil && role.ServiceAccount.AutomountToken
}

// containerPorts are the declared ports, then the metrics and peer ports
// when they are not among them.
func containerPorts(rc *roleContext) []corev1.ContainerPort {
	role := rc.role
	var ports []corev1.ContainerPort
	for _, p := range role.Ports {
		ports = append(ports, corev1.ContainerPort{Name: p.Name, ContainerPort: p.Port, Protocol: p.Protocol})
	}
	if m := role.Metrics; m != nil && extraPort(role, m.Port) {
		ports = append(ports, corev1.ContainerPort{Name: rc.metricsPort, ContainerPort: m.Port, Protocol: corev1.ProtocolTCP})
	}
	if p := role.Peers; p != nil && extraPort(role, p.Port) && rc.peersPort == peersPortName {
		ports = append(ports, corev1.ContainerPort{Name: rc.peersPort, ContainerPort: p.Port, Protocol: corev1.ProtocolTCP})
	}
	return ports
}

// nonRootID is the distroless "nonroot" user and group: above 10000, so it
// collides with no host account.
const nonRootID = 65532

// podSecurity passes the restricted Pod Security Standard. fsGroup makes a
// mounted volume writable by the non-root user; OnRootMismatch skips the
// recursive chown on every start, which is slow on large disks.
func podSecurity(volume bool) *corev1.PodSecurityContext {
	sc := &corev1.PodSecurityContext{
		RunAsNonRoot:   ptr(true),
		RunAsUser:      ptr(int64(nonRootID)),
		RunAsGroup:     ptr(int64(nonRootID)),
		SeccompProfile: &corev1.SeccompProfile{Type: corev1.SeccompProfileTypeRuntimeDefault},
	}
	if volume {
		sc.FSGroup = ptr(int64(nonRootID))
		sc.FSGroupChangePolicy = ptr(corev1.FSGroupChangeOnRootMismatch)
	}
	return sc
}

func containerSecurity() *corev1.SecurityContext {
	return &corev1.SecurityContext{
		AllowPrivilegeEscalation: ptr(false),
		ReadOnlyRootFilesystem:   ptr(true),
		Capabilities:             &corev1.Capabilities{Drop: []corev1.Capability{"ALL"}},
	}
}

// schedule places the pod on its node pool.
func schedule(ps *corev1.PodSpec, pool *spec.NodePool) {
	if pool == nil {
		return
	}
	ps.NodeSelector = maps.Clone(pool.NodeSelector)
	ps.Tolerations = deepCopyAll(pool.Tolerations)
}

// spread keeps a role's pods on different nodes and zones when it can, but
// never leaves a pod pending for it (ScheduleAnyway): a full zone must not
// stop a scale-up. matchLabelKeys spreads each Deployment revision on its
// own, so a rolling update does not skew the spread.
func spread(sel map[string]string, deployment bool) []corev1.TopologySpreadConstraint {
	var keys []string
	if deployment {
		keys = []string{"pod-template-hash"}
	}
	out := make([]corev1.TopologySpreadConstraint, 0, 2)
	for _, topo := range []string{corev1.LabelHostname, corev1.LabelTopologyZone} {
		out = append(out, corev1.TopologySpreadConstraint{
			MaxSkew:           1,
			TopologyKey:       topo,
			WhenUnsatisfiable: corev1.ScheduleAnyway,
			LabelSelector:     &metav1.LabelSelector{MatchLabels: sel},
			MatchLabelKeys:    keys,
		})
	}
	return out
}

// antiAffinity prefers one pod per node; soft, like the spread.
func antiAffinity(sel map[string]string) *corev1.Affinity {
	return &corev1.Affinity{PodAntiAffinity: &corev1.PodAntiAffinity{
		PreferredDuringSchedulingIgnoredDuringExecution: []corev1.WeightedPodAffinityTerm{{
			Weight: 100,
			PodAffinityTerm: corev1.PodAffinityTerm{
				LabelSelector: &metav1.LabelSelector{MatchLabels: sel},
				TopologyKey:   corev1.LabelHostname,
			},
		}},
	}}
}

// deepCopyAll copies a list of API values, so that rendered objects never
// share memory with the swarm (a caller may edit either).
func deepCopyAll[T any, P interface {
	*T
	DeepCopy() P
}](in []T) []T {
	if in == nil {
		return nil
	}
	out := make([]T, len(in))
	for i := range in {
		out[i] = *P(&in[i]).DeepCopy()
	}
	return out
}
