package simulate

// Result is one run: per-step series for every reported role and pool,
// and their summaries.
type Result struct {
	Swarm    string
	Env      string
	Load     string
	Duration int64
	Step     int64
	Steps    int
	Roles    []*RoleRun
	Pools    []*PoolRun
	// Findings are the run's verdicts: what went wrong and what to change.
	Findings []Finding
	// Notes say what the run left out or assumed, for the reader.
	Notes []string
	// Stopped is set when Options.Stop ended the run before Duration.
	Stopped bool
}

// RoleRun is one role's series and summary.
type RoleRun struct {
	Name string
	// Pool is the node pool the role's pods run on ("" when no pools exist).
	Pool string
	// Autoscaler describes what scales the role, e.g.
	// "KEDA keda-hpa-swarm-responder: s0-kafka-tasks External/AverageValue 1000".
	Autoscaler string
	Min, Max   int32
	// Jobs is set for a ScaledJob role: replicas are unfinished Jobs.
	Jobs           bool
	TasksPerSecond float64
	StartupSeconds int64
	Series         *RoleSeries `json:",omitempty"`
	Summary        RoleSummary
}

// RoleSeries holds one value per step.
type RoleSeries struct {
	Arrivals  []float64 // arrivals per second during the step
	Backlog   []float64 // tasks waiting at the end of the step
	Processed []float64 // tasks completed during the step
	Desired   []int32   // the workload's spec.replicas
	Ready     []int32
	Starting  []int32 // scheduled, not ready yet
	Pending   []int32 // not scheduled
}

// PoolRun is one node pool's series and summary.
type PoolRun struct {
	Name    string
	Price   float64
	Min     int
	Max     int
	Nodes   []int32 `json:",omitempty"` // per step, ready and provisioning
	Summary PoolSummary
}
