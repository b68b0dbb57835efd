// Package keda holds minimal Go types for the KEDA objects agentscale renders
// and lints (keda.sh/v1alpha1). KEDA's own module is not imported: its
// dependency tree is larger than all of agentscale. Field names and JSON tags
// follow KEDA's CRDs (config/crd/bases in github.com/kedacore/keda/v2).
package keda

import (
	autoscalingv2 "k8s.io/api/autoscaling/v2"
	batchv1 "k8s.io/api/batch/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
)

// Group and version of KEDA's API.
const (
	Group   = "keda.sh"
	Version = "v1alpha1"
)

// GroupVersion is keda.sh/v1alpha1.
var GroupVersion = schema.GroupVersion{Group: Group, Version: Version}

// ScaledObject scales a Deployment or StatefulSet (KEDA creates an HPA for it).
type ScaledObject struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`
	Spec              ScaledObjectSpec `json:"spec"`
}

// ScaledObjectSpec is the spec of a ScaledObject.
type ScaledObjectSpec struct {
	ScaleTargetRef        *ScaleTarget    `json:"scaleTargetRef"`
	PollingInterval       *int32          `json:"pollingInterval,omitempty"`
	InitialCooldownPeriod *int32          `json:"initialCooldownPeriod,omitempty"`
	CooldownPeriod        *int32          `json:"cooldownPeriod,omitempty"`
	IdleReplicaCount      *int32          `json:"idleReplicaCount,omitempty"`
	MinReplicaCount       *int32          `json:"minReplicaCount,omitempty"`
	MaxReplicaCount       *int32          `json:"maxReplicaCount,omitempty"`
	Advanced              *AdvancedConfig `json:"advanced,omitempty"`
	Triggers              []ScaleTrigger  `json:"triggers"`
	Fallback              *Fallback       `json:"fallback,omitempty"`
}

// ScaleTarget names the workload a ScaledObject scales.
type ScaleTarget struct {
	Name                   string `json:"name"`
	APIVersion             string `json:"apiVersion,omitempty"`
	Kind                   string `json:"kind,omitempty"`
	EnvSourceContainerName string `json:"envSourceContainerName,omitempty"`
}

// AdvancedConfig tunes the HPA KEDA creates.
type AdvancedConfig struct {
	HorizontalPodAutoscalerConfig *HorizontalPodAutoscalerConfig `json:"horizontalPodAutoscalerConfig,omitempty"`
	RestoreToOriginalReplicaCount bool                           `json:"restoreToOriginalReplicaCount,omitempty"`
}

// HorizontalPodAutoscalerConfig names and shapes KEDA's HPA.
type HorizontalPodAutoscalerConfig struct {
	Name     string                                         `json:"name,omitempty"`
	Behavior *autoscalingv2.HorizontalPodAutoscalerBehavior `json:"behavior,omitempty"`
}

// ScaleTrigger is one scaler.
type ScaleTrigger struct {
	Type              string                         `json:"type"`
	Name              string                         `json:"name,omitempty"`
	UseCachedMetrics  bool                           `json:"useCachedMetrics,omitempty"`
	Metadata          map[string]string              `json:"metadata"`
	AuthenticationRef *AuthenticationRef             `json:"authenticationRef,omitempty"`
	MetricType        autoscalingv2.MetricTargetType `json:"metricType,omitempty"`
}

// AuthenticationRef points a trigger at a (Cluster)TriggerAuthentication.
type AuthenticationRef struct {
	Name string `json:"name"`
	Kind string `json:"kind,omitempty"`
}

// Fallback keeps a replica count while a scaler keeps failing.
type Fallback struct {
	FailureThreshold int32 `json:"failureThreshold"`
	Replicas         int32 `json:"replicas"`
}

// ScaledJob runs a Job per batch of events.
type ScaledJob struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`
	Spec              ScaledJobSpec `json:"spec"`
}

// ScaledJobSpec is the spec of a ScaledJob.
type ScaledJobSpec struct {
	JobTargetRef               *batchv1.JobSpec `json:"jobTargetRef"`
	PollingInterval            *int32           `json:"pollingInterval,omitempty"`
	SuccessfulJobsHistoryLimit *int32           `json:"successfulJobsHistoryLimit,omitempty"`
	FailedJobsHistoryLimit     *int32           `json:"failedJobsHistoryLimit,omitempty"`
	MinReplicaCount            *int32           `json:"minReplicaCount,omitempty"`
	MaxReplicaCount            *int32           `json:"maxReplicaCount,omitempty"`
	ScalingStrategy            *ScalingStrategy `json:"scalingStrategy,omitempty"`
	Triggers                   []ScaleTrigger   `json:"triggers"`
}

// ScalingStrategy decides how many Jobs a ScaledJob starts.
type ScalingStrategy struct {
	Strategy string `json:"strategy,omitempty"`
}

// TriggerAuthentication supplies trigger parameters from Secrets or a pod identity.
type TriggerAuthentication struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`
	Spec              TriggerAuthenticationSpec `json:"spec"`
}

// TriggerAuthenticationSpec is the spec of a TriggerAuthentication.
type TriggerAuthenticationSpec struct {
	PodIdentity     *PodIdentity      `json:"podIdentity,omitempty"`
	SecretTargetRef []SecretTargetRef `json:"secretTargetRef,omitempty"`
}

// PodIdentity authenticates with the pod's cloud identity.
type PodIdentity struct {
	Provider   string `json:"provider"`
	IdentityID string `json:"identityId,omitempty"`
	RoleArn    string `json:"roleArn,omitempty"`
}

// SecretTargetRef maps a trigger parameter to a Secret key.
type SecretTargetRef struct {
	Parameter string `json:"parameter"`
	Name      string `json:"name"`
	Key       string `json:"key"`
}

// DeepCopyObject satisfies runtime.Object.
func (o *ScaledObject) DeepCopyObject() runtime.Object { return deepCopy(o, &ScaledObject{}) }

// DeepCopyObject satisfies runtime.Object.
func (o *ScaledJob) DeepCopyObject() runtime.Object { return deepCopy(o, &ScaledJob{}) }

// DeepCopyObject satisfies runtime.Object.
func (o *TriggerAuthentication) DeepCopyObject() runtime.Object {
	return deepCopy(o, &TriggerAuthentication{})
}
