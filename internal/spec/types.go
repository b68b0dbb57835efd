package spec

import (
	autoscalingv2 "k8s.io/api/autoscaling/v2"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// APIVersion and Kind identify a swarm file.
const (
	APIVersion = "agentscale.dev/v1alpha1"
	Kind       = "Swarm"
	// KindCluster is a document of only spec.nodePools and spec.cluster:
	// the cluster a set of plain manifests runs on (simulate --cluster).
	KindCluster = "Cluster"
)

// IsCluster reports whether the document is a kind: Cluster document.
func (s *Swarm) IsCluster() bool { return s.Kind == KindCluster }

// Swarm is one swarm.yaml document (or a kind: Cluster document, which
// holds only node pools and controller settings).
type Swarm struct {
	APIVersion string    `json:"apiVersion"`
	Kind       string    `json:"kind"`
	Metadata   Metadata  `json:"metadata"`
	Spec       SwarmSpec `json:"spec"`

	// File is the path the swarm was read from ("-" for stdin).
	File string `json:"-"`
	// Env is the environment applied at load time, if any.
	Env string `json:"-"`
	// positions of every field, keyed by path ("spec.roles[1].replicas").
	positions positions
}

// Metadata names the swarm; Name becomes app.kubernetes.io/part-of.
type Metadata struct {
	Name        string            `json:"name"`
	Namespace   string            `json:"namespace,omitempty"`
	Labels      map[string]string `json:"labels,omitempty"`
	Annotations map[string]string `json:"annotations,omitempty"`
}

// SwarmSpec is everything the swarm declares.
type SwarmSpec struct {
	// Defaults is merged into every role before validation; a role's own value wins.
	Defaults      *RoleDefaults `json:"defaults,omitempty"`
	NodePools     []NodePool    `json:"nodePools,omitempty"`
	Headroom      *Headroom     `json:"headroom,omitempty"`
	Cluster       *Cluster      `json:"cluster,omitempty"`
	Monitoring    *Monitoring   `json:"monitoring,omitempty"`
	NetworkPolicy bool          `json:"networkPolicy,omitempty"`
	// CreateNamespace renders the swarm's Namespace, labelled for the
	// restricted Pod Security Standard, so a bare cluster takes the output.
	CreateNamespace bool                   `json:"createNamespace,omitempty"`
	Roles           []Role                 `json:"roles"`
	Scenarios       []Scenario             `json:"scenarios,omitempty"`
	Environments    map[string]Environment `json:"environments,omitempty"`
}

// Scenario is a scaling goal: a load, and what the roles and the bill must
// meet under it. agentscale test runs it; agentscale tune searches for the
// cheapest settings that meet it.
type Scenario struct {
	Name string `json:"name"`
	// Load is a --load pattern or a CSV file relative to the swarm file.
	Load string `json:"load"`
	// Duration is the simulated time; nil means simulate's default (2h).
	Duration *metav1.Duration `json:"duration,omitempty"`
	Env      string           `json:"env,omitempty"`
	Roles    []string         `json:"roles,omitempty"`
	// Expect is keyed by role name, or ExpectAll for every reported role.
	Expect map[string]Expectations `json:"expect,omitempty"`
	Budget *Budget                 `json:"budget,omitempty"`
}

// ExpectAll keys the expectations every reported role must meet.
const ExpectAll = "*"

// Expectations bound one role's run; nil fields are not checked.
type Expectations struct {
	P95Wait          *metav1.Duration `json:"p95Wait,omitempty"`
	MaxWait          *metav1.Duration `json:"maxWait,omitempty"`
	DrainedWithin    *metav1.Duration `json:"drainedWithin,omitempty"`
	MaxBacklog       *float64         `json:"maxBacklog,omitempty"`
	MaxReplicas      *int32           `json:"maxReplicas,omitempty"`
	MinReplicas      *int32           `json:"minReplicas,omitempty"`
	MaxFlips         *int32           `json:"maxFlips,omitempty"`
	MaxScaleEvents   *int32           `json:"maxScaleEvents,omitempty"`
	MaxUnschedulable *metav1.Duration `json:"maxUnschedulable,omitempty"`
	MaxTimeAtMax     *metav1.Duration `json:"maxTimeAtMax,omitempty"`
}

// Budget bounds the node pools over a scenario's run.
type Budget struct {
	MaxCost      *float64         `json:"maxCost,omitempty"`
	MaxNodeHours *float64         `json:"maxNodeHours,omitempty"`
	MaxNodes     map[string]int32 `json:"maxNodes,omitempty"`
}

// RoleDefaults holds the role fields that may be given once for all roles.
type RoleDefaults struct {
	Image                         string                       `json:"image,omitempty"`
	ImagePullPolicy               corev1.PullPolicy            `json:"imagePullPolicy,omitempty"`
	Env                           []corev1.EnvVar              `json:"env,omitempty"`
	Resources                     *corev1.ResourceRequirements `json:"resources,omitempty"`
	Probes                        *Probes                      `json:"probes,omitempty"`
	NodePool                      string                       `json:"nodePool,omitempty"`
	Metrics                       *Metrics                     `json:"metrics,omitempty"`
	TerminationGracePeriodSeconds *int64                       `json:"terminationGracePeriodSeconds,omitempty"`
	Simulation                    *Simulation                  `json:"simulation,omitempty"`
}

// NodePool is a group of identical nodes the Cluster Autoscaler may add.
type NodePool struct {
	Name string `json:"name"`
	// Allocatable is what one node offers to pods (cpu, memory, optionally pods).
	Allocatable  corev1.ResourceList `json:"allocatable"`
	MinNodes     int32               `json:"minNodes,omitempty"`
	MaxNodes     int32               `json:"maxNodes"`
	NodeSelector map[string]string   `json:"nodeSelector,omitempty"`
	Tolerations  []corev1.Toleration `json:"tolerations,omitempty"`
	PricePerHour float64             `json:"pricePerHour,omitempty"`
	// ProvisionSeconds is how long a new node takes to join (simulate; default 90).
	ProvisionSeconds *int32 `json:"provisionSeconds,omitempty"`
}

// Headroom is overprovisioning: low-priority pause pods that keep capacity
// warm and are pre-empted the moment a real pod needs the room.
type Headroom struct {
	Replicas  int32                       `json:"replicas"`
	Resources corev1.ResourceRequirements `json:"resources"`
	NodePool  string                      `json:"nodePool,omitempty"`
	Image     string                      `json:"image,omitempty"`
}

// Cluster holds the cluster's controller settings, for agentscale simulate:
// kube-controller-manager's HPA flags, the Cluster Autoscaler's, KEDA's
// and metrics-server's. Unset fields take upstream's defaults
// (docs/simulate.md lists each with its source).
type Cluster struct {
	HPA               *HPAControllerSettings     `json:"hpa,omitempty"`
	ClusterAutoscaler *ClusterAutoscalerSettings `json:"clusterAutoscaler,omitempty"`
	KEDA              *KEDASettings              `json:"keda,omitempty"`
	MetricsServer     *MetricsServerSettings     `json:"metricsServer,omitempty"`
}

// HPAControllerSettings are kube-controller-manager's
// --horizontal-pod-autoscaler-* flags.
type HPAControllerSettings struct {
	SyncPeriod              *metav1.Duration `json:"syncPeriod,omitempty"`
	Tolerance               *float64         `json:"tolerance,omitempty"`
	DownscaleStabilization  *metav1.Duration `json:"downscaleStabilization,omitempty"`
	CPUInitializationPeriod *metav1.Duration `json:"cpuInitializationPeriod,omitempty"`
	InitialReadinessDelay   *metav1.Duration `json:"initialReadinessDelay,omitempty"`
}

// ClusterAutoscalerSettings are the Cluster Autoscaler's flags.
type ClusterAutoscalerSettings struct {
	ScanInterval                  *metav1.Duration `json:"scanInterval,omitempty"`
	ScaleDownUnneededTime         *metav1.Duration `json:"scaleDownUnneededTime,omitempty"`
	ScaleDownDelayAfterAdd        *metav1.Duration `json:"scaleDownDelayAfterAdd,omitempty"`
	ScaleDownUtilizationThreshold *float64         `json:"scaleDownUtilizationThreshold,omitempty"`
	MaxNodeProvisionTime          *metav1.Duration `json:"maxNodeProvisionTime,omitempty"`
	NewPodScaleUpDelay            *metav1.Duration `json:"newPodScaleUpDelay,omitempty"`
	MaxEmptyBulkDelete            *int32           `json:"maxEmptyBulkDelete,omitempty"`
}

// KEDASettings are what KEDA applies to ScaledObjects and ScaledJobs that
// leave a field unset.
type KEDASettings struct {
	PollingInterval *metav1.Duration `json:"pollingInterval,omitempty"`
}

// MetricsServerSettings are metrics-server's flags.
type MetricsServerSettings struct {
	MetricResolution *metav1.Duration `json:"metricResolution,omitempty"`
}

// Monitoring switches the Prometheus objects rendered for roles with metrics.
type Monitoring struct {
	// ServiceMonitor renders a ServiceMonitor per role with metrics (default true).
	ServiceMonitor *bool `json:"serviceMonitor,omitempty"`
	// Alerts renders a PrometheusRule with agent alerts.
	Alerts bool `json:"alerts,omitempty"`
	// AdapterRules renders a ConfigMap of Prometheus Adapter rules for the
	// custom metrics HPAs use.
	AdapterRules bool `json:"adapterRules,omitempty"`
	// Namespace is where Prometheus runs; NetworkPolicies admit scrapes from it.
	Namespace string `json:"namespace,omitempty"`
	// Labels are added to ServiceMonitors and PrometheusRules so a
	// Prometheus's selectors pick them up (e.g. release: kube-prometheus-stack).
	Labels map[string]string `json:"labels,omitempty"`
	// Dashboard is the Grafana dashboard of the swarm, rendered when the
	// swarm is monitored (a role has metrics, or spec.monitoring is set).
	Dashboard *Dashboard `json:"dashboard,omitempty"`
}

// Dashboard configures the swarm's Grafana dashboard: a ConfigMap the
// Grafana chart's sidecar loads, and optionally a grafana-operator
// GrafanaDashboard that loads the same ConfigMap.
type Dashboard struct {
	// Enabled false renders no dashboard (default true).
	Enabled *bool `json:"enabled,omitempty"`
	// Folder is the Grafana folder (default DefaultDashboardFolder).
	Folder string `json:"folder,omitempty"`
	// GrafanaOperator renders a GrafanaDashboard for the Grafana instances
	// its selector matches.
	GrafanaOperator *GrafanaOperator `json:"grafanaOperator,omitempty"`
}

// GrafanaOperator selects the grafana-operator Grafana instances that
// load the dashboard.
type GrafanaOperator struct {
	InstanceSelector map[string]string `json:"instanceSelector"`
}

// DashboardSpec is the dashboard's configuration; nil when unset.
func (m *Monitoring) DashboardSpec() *Dashboard {
	if m == nil {
		return nil
	}
	return m.Dashboard
}

// HasDashboard reports whether the swarm gets a Grafana dashboard: it is
// monitored (spec.monitoring, or a role with metrics) and has not
// switched the dashboard off.
func (s *Swarm) HasDashboard() bool {
	if d := s.Spec.Monitoring.DashboardSpec(); d != nil && d.Enabled != nil {
		return *d.Enabled
	}
	if s.Spec.Monitoring != nil {
		return true
	}
	for _, r := range s.Spec.Roles {
		if r.Metrics != nil {
			return true
		}
	}
	return false
}

// State says how an agent keeps its state.
type State string

const (
	Stateless State = "stateless"
	Soft      State = "soft" // rebuildable from an external store
	Hard      State = "hard" // stable identity and its own disk
)

// Workload kinds a role may ask for.
const (
	WorkloadDeployment  = "Deployment"
	WorkloadStatefulSet = "StatefulSet"
	WorkloadJob         = "Job"
)

// Role is one kind of agent in the swarm.
type Role struct {
	Name            string                 `json:"name"`
	Image           string                 `json:"image,omitempty"`
	ImagePullPolicy corev1.PullPolicy      `json:"imagePullPolicy,omitempty"`
	Command         []string               `json:"command,omitempty"`
	Args            []string               `json:"args,omitempty"`
	Env             []corev1.EnvVar        `json:"env,omitempty"`
	EnvFrom         []corev1.EnvFromSource `json:"envFrom,omitempty"`
	Ports           []Port                 `json:"ports,omitempty"`
	State           State                  `json:"state,omitempty"`
	// Workload overrides the kind chosen from State.
	Workload  string                       `json:"workload,omitempty"`
	Replicas  *Replicas                    `json:"replicas,omitempty"`
	Resources *corev1.ResourceRequirements `json:"resources,omitempty"`
	Probes    *Probes                      `json:"probes,omitempty"`
	NodePool  string                       `json:"nodePool,omitempty"`
	Metrics   *Metrics                     `json:"metrics,omitempty"`
	Scaling   *Scaling                     `json:"scaling,omitempty"`
	Peers     *Peers                       `json:"peers,omitempty"`
	// Disruption is the PodDisruptionBudget; nil means the default
	// (maxUnavailable: 1), Disabled means none.
	Disruption *Disruption `json:"disruption,omitempty"`
	Storage    *Storage    `json:"storage,omitempty"`
	// Ordered asks for OrderedReady pod management on a StatefulSet.
	Ordered bool `json:"ordered,omitempty"`
	// StableIdentity asks for a StatefulSet without storage: agents that
	// shard by ordinal or keep a fixed membership.
	StableIdentity bool `json:"stableIdentity,omitempty"`
	// LongTasks marks pods that node scale-down must not evict mid-task.
	LongTasks                     bool              `json:"longTasks,omitempty"`
	TerminationGracePeriodSeconds *int64            `json:"terminationGracePeriodSeconds,omitempty"`
	ServiceAccount                *ServiceAccount   `json:"serviceAccount,omitempty"`
	Job                           *JobSpec          `json:"job,omitempty"`
	Labels                        map[string]string `json:"labels,omitempty"`
	Annotations                   map[string]string `json:"annotations,omitempty"`
	Lint                          *RoleLint         `json:"lint,omitempty"`
	Simulation                    *Simulation       `json:"simulation,omitempty"`
	// WaitObjective is the longest a task should wait, for the alerts
	// and the dashboard; nil takes it from the scenarios (WaitObjective).
	WaitObjective *metav1.Duration `json:"waitObjective,omitempty"`
}

// Port is a port the agent serves.
type Port struct {
	Name     string          `json:"name"`
	Port     int32           `json:"port"`
	Protocol corev1.Protocol `json:"protocol,omitempty"`
}

// Replicas is a fixed count (Min == Max, Fixed) or an autoscaled range.
type Replicas struct {
	Min   int32
	Max   int32
	Fixed bool
}

// Probes are the container's Kubernetes probes.
type Probes struct {
	Readiness *corev1.Probe `json:"readiness,omitempty"`
	Liveness  *corev1.Probe `json:"liveness,omitempty"`
	Startup   *corev1.Probe `json:"startup,omitempty"`
}

// Metrics is the agent's Prometheus endpoint.
type Metrics struct {
	Port     int32  `json:"port"`
	Path     string `json:"path,omitempty"`
	Interval string `json:"interval,omitempty"`
}

// Scaling holds at most one autoscaler.
type Scaling struct {
	HPA  *HPA  `json:"hpa,omitempty"`
	KEDA *KEDA `json:"keda,omitempty"`
}

// HPA is a HorizontalPodAutoscaler (autoscaling/v2).
type HPA struct {
	// CPU and Memory are target average utilization, in percent of requests.
	CPU     *int32      `json:"cpu,omitempty"`
	Memory  *int32      `json:"memory,omitempty"`
	Metrics []HPAMetric `json:"metrics,omitempty"`
	// Tolerance is the per-HPA tolerance (default 0.1).
	Tolerance *float64                                       `json:"tolerance,omitempty"`
	Behavior  *autoscalingv2.HorizontalPodAutoscalerBehavior `json:"behavior,omitempty"`
}

// Metric source types an HPA metric may use.
const (
	MetricObject   = "Object"
	MetricPods     = "Pods"
	MetricExternal = "External"
)

// HPAMetric is a custom metric served by a metrics adapter.
type HPAMetric struct {
	Name string `json:"name"`
	Type string `json:"type"`
	// Target is the target value; TargetType is Value or AverageValue
	// (Pods metrics are always AverageValue).
	Target          resource.Quantity     `json:"target"`
	TargetType      string                `json:"targetType,omitempty"`
	Selector        *metav1.LabelSelector `json:"selector,omitempty"`
	DescribedObject *ObjectRef            `json:"describedObject,omitempty"`
}

// ObjectRef names the object an Object metric describes.
type ObjectRef struct {
	APIVersion string `json:"apiVersion,omitempty"`
	Kind       string `json:"kind"`
	Name       string `json:"name"`
}

// KEDA is a KEDA ScaledObject (or ScaledJob for Job roles).
type KEDA struct {
	PollingInterval *int32                                         `json:"pollingInterval,omitempty"`
	CooldownPeriod  *int32                                         `json:"cooldownPeriod,omitempty"`
	IdleReplicas    *int32                                         `json:"idleReplicas,omitempty"`
	Fallback        *Fallback                                      `json:"fallback,omitempty"`
	Triggers        []Trigger                                      `json:"triggers"`
	Behavior        *autoscalingv2.HorizontalPodAutoscalerBehavior `json:"behavior,omitempty"`
}

// Fallback is the replica count KEDA keeps when a scaler keeps failing.
type Fallback struct {
	FailureThreshold int32 `json:"failureThreshold"`
	Replicas         int32 `json:"replicas"`
}

// Trigger is one KEDA scaler. Metadata is passed through to KEDA.
type Trigger struct {
	Type       string    `json:"type"`
	Name       string    `json:"name,omitempty"`
	MetricType string    `json:"metricType,omitempty"`
	Metadata   StringMap `json:"metadata,omitempty"`
	// Partitions is the topic's partition count (Kafka), for lint and simulate.
	Partitions *int32       `json:"partitions,omitempty"`
	Auth       *TriggerAuth `json:"auth,omitempty"`
}

// TriggerAuth becomes a TriggerAuthentication: trigger parameters read from a
// Secret's keys, or a pod identity.
type TriggerAuth struct {
	Secret string `json:"secret,omitempty"`
	// Params maps trigger parameter → Secret key.
	Params      map[string]string `json:"params,omitempty"`
	PodIdentity *PodIdentity      `json:"podIdentity,omitempty"`
}

// PodIdentity is a KEDA pod identity provider.
type PodIdentity struct {
	Provider   string `json:"provider"`
	IdentityID string `json:"identityId,omitempty"`
	RoleArn    string `json:"roleArn,omitempty"`
}

// Peers asks for a headless Service so agents of the role find each other.
type Peers struct {
	Port                     int32 `json:"port"`
	PublishNotReadyAddresses bool  `json:"publishNotReadyAddresses,omitempty"`
}

// Disruption is a PodDisruptionBudget policy.
type Disruption struct {
	MaxUnavailable *IntOrPercent
	MinAvailable   *IntOrPercent
	// Disabled is set by `disruption: false`.
	Disabled bool
}

// IntOrPercent is a count ("2") or a percentage ("50%").
type IntOrPercent struct {
	Int     int32
	Percent string // non-empty for a percentage
}

// Storage is a hard-stateful role's own volume.
type Storage struct {
	Size         resource.Quantity                   `json:"size"`
	StorageClass string                              `json:"storageClass,omitempty"`
	MountPath    string                              `json:"mountPath"`
	AccessModes  []corev1.PersistentVolumeAccessMode `json:"accessModes,omitempty"`
	// RetainOnDelete keeps volumes when the StatefulSet is deleted (default true).
	RetainOnDelete *bool `json:"retainOnDelete,omitempty"`
}

// ServiceAccount customises the role's ServiceAccount.
type ServiceAccount struct {
	Annotations map[string]string `json:"annotations,omitempty"`
	// AutomountToken mounts the API token (default false: agents rarely need it).
	AutomountToken bool `json:"automountToken,omitempty"`
}

// JobSpec tunes Job and ScaledJob roles.
type JobSpec struct {
	BackoffLimit            *int32 `json:"backoffLimit,omitempty"`
	ActiveDeadlineSeconds   *int64 `json:"activeDeadlineSeconds,omitempty"`
	TTLSecondsAfterFinished *int32 `json:"ttlSecondsAfterFinished,omitempty"`
	Parallelism             *int32 `json:"parallelism,omitempty"`
	Completions             *int32 `json:"completions,omitempty"`
}

// RoleLint holds the role's lint suppressions.
type RoleLint struct {
	Ignore []Suppression `json:"ignore,omitempty"`
}

// Suppression turns a lint rule off for a role; a reason is required.
type Suppression struct {
	Rule   string `json:"rule"`
	Reason string `json:"reason"`
}

// Simulation describes one replica's throughput for `agentscale simulate`.
type Simulation struct {
	// TasksPerSecond one ready replica processes (default 1).
	TasksPerSecond *float64 `json:"tasksPerSecond,omitempty"`
	// StartupSeconds from pod creation to ready (default 30).
	StartupSeconds *int32 `json:"startupSeconds,omitempty"`
	// CommitIntervalSeconds is how often a Kafka consumer commits its
	// offsets (enable.auto.commit with auto.commit.interval.ms); unset or 0
	// commits after each message.
	CommitIntervalSeconds *int32 `json:"commitIntervalSeconds,omitempty"`
}

// Environment is a named set of overrides applied before validation.
type Environment struct {
	Namespace string `json:"namespace,omitempty"`
	// Roles holds per-role overrides, merged like defaults; decoded only
	// through the tree, so it is kept raw here.
	Roles     map[string]any `json:"roles,omitempty"`
	Defaults  map[string]any `json:"defaults,omitempty"`
	Kustomize *Kustomize     `json:"kustomize,omitempty"`
}

// Kustomize holds kustomization fields for what the spec does not model.
// They are applied by kustomize's own engine after rendering.
type Kustomize struct {
	Patches           []KustomizePatch  `json:"patches,omitempty"`
	Images            []KustomizeImage  `json:"images,omitempty"`
	Namespace         string            `json:"namespace,omitempty"`
	CommonLabels      map[string]string `json:"commonLabels,omitempty"`
	CommonAnnotations map[string]string `json:"commonAnnotations,omitempty"`
	NamePrefix        string            `json:"namePrefix,omitempty"`
	NameSuffix        string            `json:"nameSuffix,omitempty"`
}

// KustomizePatch is a strategic-merge or JSON 6902 patch with an optional target.
type KustomizePatch struct {
	Patch  string       `json:"patch,omitempty"`
	Target *PatchTarget `json:"target,omitempty"`
}

// PatchTarget selects the objects a patch applies to.
type PatchTarget struct {
	Group              string `json:"group,omitempty"`
	Version            string `json:"version,omitempty"`
	Kind               string `json:"kind,omitempty"`
	Name               string `json:"name,omitempty"`
	Namespace          string `json:"namespace,omitempty"`
	LabelSelector      string `json:"labelSelector,omitempty"`
	AnnotationSelector string `json:"annotationSelector,omitempty"`
}

// KustomizeImage rewrites an image name, tag or digest.
type KustomizeImage struct {
	Name    string `json:"name"`
	NewName string `json:"newName,omitempty"`
	NewTag  string `json:"newTag,omitempty"`
	Digest  string `json:"digest,omitempty"`
}
