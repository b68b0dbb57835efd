package rules

import "github.com/agentscale/agentscale/internal/lint"

// All returns every rule. Keep the list sorted by id; a new rule is one new
// file and one line here.
func All() []*lint.Rule {
	return []*lint.Rule{
		ClaimsDeletedOnScaleDown,
		ConflictingAutoscalers,
		CustomMetricWithoutEndpoint,
		DanglingAutoscaler,
		EnvNameNotPortable,
		EvictableLongTasks,
		ExpendableHeadroom,
		GPUTolerationWithoutGPU,
		HardStateWithoutStorage,
		HardcodedIP,
		HPAMinZero,
		HPAUtilizationWithoutRequest,
		KafkaPartitionsCap,
		KEDADeadSetting,
		KEDAIdleReplicas,
		KEDATrigger,
		LatestTag,
		MissingHeadlessService,
		MissingMemoryLimit,
		MissingPDB,
		MissingReadinessProbe,
		MissingResourceRequests,
		MonitorSelectsNothing,
		MutableSelectorLabel,
		ObjectValueOnOwnWorkload,
		OverlappingPDBs,
		PDBBlocksEviction,
		PlaintextCredentials,
		PoolCapacity,
		PreStopExceedsGrace,
		ReplicasWithAutoscaler,
		ScaleToZeroBehindService,
		SpreadSelectorMissesOwnPods,
		StatefulSetForSoftState,
		UnschedulableRequests,
		VPAFightsHPA,
	}
}

// Registry is All, checked and with the engine's own rules.
func Registry() *lint.Registry { return lint.MustRegistry(All()...) }
