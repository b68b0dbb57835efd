package render

import (
	"sort"
	"strings"

	autoscalingv2 "k8s.io/api/autoscaling/v2"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/agentscale/agentscale/internal/keda"
	"github.com/agentscale/agentscale/internal/spec"
)

var kedaAPIVersion = keda.GroupVersion.String()

// keda renders a TriggerAuthentication per auth block, then a ScaledObject
// (or a ScaledJob for a Job role) whose triggers point at them.
func (r *renderer) keda(rc *roleContext) {
	k := rc.role.Scaling.KEDA
	triggers := r.triggers(rc, k)
	if rc.isJob() {
		r.add(stageScaledObject, r.scaledJob(rc, k, triggers), rc.index, rc.path("scaling.keda"))
		return
	}
	r.add(stageScaledObject, r.scaledObject(rc, k, triggers), rc.index, rc.path("scaling.keda"))
}

func (r *renderer) scaledObject(rc *roleContext, k *spec.KEDA, triggers []keda.ScaleTrigger) *keda.ScaledObject {
	role := rc.role
	so := &keda.ScaledObject{
		TypeMeta:   metav1.TypeMeta{APIVersion: kedaAPIVersion, Kind: "ScaledObject"},
		ObjectMeta: r.meta(&rc.owner, rc.name),
		Spec: keda.ScaledObjectSpec{
			ScaleTargetRef:   &keda.ScaleTarget{APIVersion: "apps/v1", Kind: rc.kind, Name: rc.name},
			PollingInterval:  clonePtr(k.PollingInterval),
			CooldownPeriod:   clonePtr(k.CooldownPeriod),
			IdleReplicaCount: clonePtr(k.IdleReplicas),
			MinReplicaCount:  ptr(role.Replicas.Min),
			MaxReplicaCount:  ptr(role.Replicas.Max),
			Triggers:         triggers,
		},
	}
	if f := k.Fallback; f != nil {
		so.Spec.Fallback = &keda.Fallback{FailureThreshold: f.FailureThreshold, Replicas: f.Replicas}
	}
	if k.Behavior != nil {
		so.Spec.Advanced = &keda.AdvancedConfig{HorizontalPodAutoscalerConfig: &keda.HorizontalPodAutoscalerConfig{Behavior: k.Behavior.DeepCopy()}}
	}
	if n, ok := partitions(k); ok {
		so.Annotations[AnnotationKafkaPartitions] = n
	}
	return so
}

// scaledJob starts Jobs for pending events; the pod template is the role's.
func (r *renderer) scaledJob(rc *roleContext, k *spec.KEDA, triggers []keda.ScaleTrigger) *keda.ScaledJob {
	js := r.jobSpec(rc)
	sj := &keda.ScaledJob{
		TypeMeta:   metav1.TypeMeta{APIVersion: kedaAPIVersion, Kind: "ScaledJob"},
		ObjectMeta: r.workloadMeta(rc),
		Spec: keda.ScaledJobSpec{
			JobTargetRef:    &js,
			PollingInterval: clonePtr(k.PollingInterval),
			MinReplicaCount: ptr(rc.role.Replicas.Min),
			MaxReplicaCount: ptr(rc.role.Replicas.Max),
			Triggers:        triggers,
		},
	}
	if n, ok := partitions(k); ok {
		sj.Annotations[AnnotationKafkaPartitions] = n
	}
	return sj
}

// partitions lists the declared partition count of each Kafka trigger, in
// trigger order ("50,12"; empty where undeclared), for lint to read back.
func partitions(k *spec.KEDA) (string, bool) {
	var counts []string
	found := false
	for _, t := range k.Triggers {
		if t.Type != "kafka" {
			continue
		}
		c := ""
		if t.Partitions != nil {
			c, found = itoa(*t.Partitions), true
		}
		counts = append(counts, c)
	}
	return strings.Join(counts, ","), found
}

// triggers converts the role's triggers and renders their
// TriggerAuthentications. Parameters read from a Secret are dropped from the
// trigger's metadata: credentials never sit in a ScaledObject.
func (r *renderer) triggers(rc *roleContext, k *spec.KEDA) []keda.ScaleTrigger {
	out := make([]keda.ScaleTrigger, 0, len(k.Triggers))
	auths := 0
	for j, t := range k.Triggers {
		md := make(map[string]string, len(t.Metadata))
		for key, v := range t.Metadata {
			md[key] = v
		}
		kt := keda.ScaleTrigger{Type: t.Type, Name: t.Name, MetricType: autoscalingv2.MetricTargetType(t.MetricType), Metadata: md}
		if a := t.Auth; a != nil {
			auths++
			name := rc.name
			if auths > 1 {
				name += "-" + itoa(int32(auths))
			}
			r.add(stageTriggerAuth, r.triggerAuth(rc, name, a), rc.index, rc.path("scaling.keda.triggers["+itoa(int32(j))+"].auth"))
			kt.AuthenticationRef = &keda.AuthenticationRef{Name: name}
			for param := range a.Params {
				delete(md, param)
			}
		}
		out = append(out, kt)
	}
	return out
}

func (r *renderer) triggerAuth(rc *roleContext, name string, a *spec.TriggerAuth) *keda.TriggerAuthentication {
	ta := &keda.TriggerAuthentication{
		TypeMeta:   metav1.TypeMeta{APIVersion: kedaAPIVersion, Kind: "TriggerAuthentication"},
		ObjectMeta: r.meta(&rc.owner, name),
	}
	if p := a.PodIdentity; p != nil {
		ta.Spec.PodIdentity = &keda.PodIdentity{Provider: p.Provider, IdentityID: p.IdentityID, RoleArn: p.RoleArn}
	}
	params := make([]string, 0, len(a.Params))
	for p := range a.Params {
		params = append(params, p)
	}
	sort.Strings(params)
	for _, p := range params {
		ta.Spec.SecretTargetRef = append(ta.Spec.SecretTargetRef, keda.SecretTargetRef{Parameter: p, Name: a.Secret, Key: a.Params[p]})
	}
	return ta
}
