package spec

import (
	"strings"
	"testing"
)

// head is five lines, so a case's own lines start at line 6.
const head = `apiVersion: agentscale.dev/v1alpha1
kind: Swarm
metadata: {name: demo}
spec:
  roles:
`

// errorCase is a swarm file and every error it must give.
type errorCase struct {
	name string
	in   string // appended to head unless it starts with "apiVersion"
	want []string
}

func (c errorCase) input() string {
	if strings.HasPrefix(c.in, "apiVersion") {
		return c.in
	}
	return head + c.in + "\n"
}

// errorCases pin every schema and semantic error to its exact
// file:line:col, path and message.
var errorCases = []errorCase{
	// schema: structure and types
	{"replicas max below 1", `    - {name: a, image: x:1, replicas: {min: 1, max: 0}, scaling: {hpa: {cpu: 50}}}`,
		[]string{"swarm.yaml:6:53: roles[0].replicas.max: must be >= 1"}},
	{"quantity Kubernetes would clamp", `    - {name: a, image: x:1, resources: {requests: {cpu: 99999999999999999999999999Ei, memory: 9e30}, limits: {memory: 7Ei}}}`,
		[]string{"swarm.yaml:6:57: roles[0].resources.requests.cpu: 99999999999999999999999999Ei is too large: Kubernetes turns any quantity above 9223372036854775807 (about 8Ei) into that value without an error",
			"swarm.yaml:6:95: roles[0].resources.requests.memory: 9e+30 is too large: Kubernetes turns any quantity above 9223372036854775807 (about 8Ei) into that value without an error"}},
	{"quantities Kubernetes would round", `    - {name: a, image: x:1, resources: {requests: {cpu: 0.0000000001, memory: 512m}, limits: {cpu: 1500u, memory: 1.5, ephemeral-storage: 1e-10}}}`,
		[]string{"swarm.yaml:6:57: roles[0].resources.requests.cpu: 0.0000000001 is not a whole number of millicores: the scheduler and the kubelet count millicores and would read it as 1m",
			"swarm.yaml:6:79: roles[0].resources.requests.memory: 512m is 0.512 bytes: the suffix m means milli (a thousandth); write 512Mi for mebibytes or 512M for megabytes",
			"swarm.yaml:6:100: roles[0].resources.limits.cpu: 1500u is not a whole number of millicores: the scheduler and the kubelet count millicores and would read it as 2m",
			"swarm.yaml:6:115: roles[0].resources.limits.memory: 1.5 is not a whole number of bytes: the API server only warns, and Kubernetes would round it up to 2",
			"swarm.yaml:6:139: roles[0].resources.limits.ephemeral-storage: 0.0000000001 is not a whole number of bytes: the API server only warns, and Kubernetes would round it up to 1"}},
	{"quantities Kubernetes would round: milli bytes, targets, the rest", `    - {name: a, image: x:1, resources: {requests: {memory: 2000m, hugepages-2Mi: 5.m, example.com/foo: 1}, limits: {pods: 1e-10}}, replicas: {min: 1, max: 3}, scaling: {hpa: {metrics: [{name: m, type: Pods, target: 0.0005}]}}}`,
		[]string{"swarm.yaml:6:60: roles[0].resources.requests.memory: 2000m is 2 bytes: the suffix m means milli (a thousandth); write 2000Mi for mebibytes or 2000M for megabytes",
			"swarm.yaml:6:82: roles[0].resources.requests.hugepages-2Mi: 5.m is 0.005 bytes: the suffix m means milli (a thousandth); write 5Mi for mebibytes or 5M for megabytes",
			"swarm.yaml:6:123: roles[0].resources.limits.pods: 0.0000000001 is finer than Kubernetes keeps (1n, a billionth): it would be rounded up to 1n without an error",
			"swarm.yaml:6:216: roles[0].scaling.hpa.metrics[0].target: 0.0005 is not a whole number of thousandths: the HPA controller compares targets in thousandths and would read it as 1m"}},
	{"signed or spaced quantities: the schema's error alone", `    - {name: a, image: x:1, resources: {requests: {cpu: -1.5m, memory: " 1.5m"}, limits: {memory: "1.5 "}}}`,
		[]string{"swarm.yaml:6:57: roles[0].resources.requests.cpu: \"-1.5m\" is not a Kubernetes quantity (e.g. 250m, 1.5, 512Mi, 2Gi)",
			"swarm.yaml:6:72: roles[0].resources.requests.memory: \" 1.5m\" is not a Kubernetes quantity (e.g. 250m, 1.5, 512Mi, 2Gi)",
			"swarm.yaml:6:99: roles[0].resources.limits.memory: \"1.5 \" is not a Kubernetes quantity (e.g. 250m, 1.5, 512Mi, 2Gi)"}},
	{"quantity in defaults reported once", "apiVersion: agentscale.dev/v1alpha1\nkind: Swarm\nmetadata: {name: demo}\nspec:\n  defaults: {resources: {limits: {memory: 9Ei}}}\n  roles: [{name: a, image: x:1}, {name: b, image: x:1}]\n",
		[]string{"swarm.yaml:5:43: defaults.resources.limits.memory: 9Ei is too large: Kubernetes turns any quantity above 9223372036854775807 (about 8Ei) into that value without an error"}},
	{"environment names at their key", "apiVersion: agentscale.dev/v1alpha1\nkind: Swarm\nmetadata: {name: demo}\nspec:\n  roles: [{name: a, image: x:1}]\n  environments:\n    \"../../etc\": {}\n    \"a b\": {roles: {Bad_Role: {}}}\n",
		[]string{`swarm.yaml:7:5: environments["../../etc"]: "../../etc" is not a valid name: use lower-case letters, digits and '-', starting and ending with a letter or digit`,
			`swarm.yaml:8:5: environments["a b"]: "a b" is not a valid name: use lower-case letters, digits and '-', starting and ending with a letter or digit`,
			`swarm.yaml:8:21: environments["a b"].roles.Bad_Role: "Bad_Role" is not a valid name: use lower-case letters, digits and '-', starting and ending with a letter or digit`}},
	{"credential in trigger metadata", "    - name: a\n      image: x:1\n      replicas: {min: 1, max: 3}\n      scaling: {keda: {triggers: [{type: rabbitmq, metadata: {queueName: q, host: \"amqp://u:pw@mq\", password: hunter2, passwordFromEnv: MQ_PASSWORD}}]}}",
		[]string{"swarm.yaml:9:83: roles[0].scaling.keda.triggers[0].metadata.host: holds a URL with a password: trigger metadata is written as it is into the ScaledObject, readable by anyone who can read it; move the value to a Secret and name it in auth.params (auth: {secret: NAME, params: {host: KEY}})",
			"swarm.yaml:9:111: roles[0].scaling.keda.triggers[0].metadata.password: holds a password in plain text: trigger metadata is written as it is into the ScaledObject, readable by anyone who can read it; move the value to a Secret and name it in auth.params (auth: {secret: NAME, params: {password: KEY}})",
			`swarm.yaml:9:137: roles[0].scaling.keda.triggers[0].metadata.passwordFromEnv: no container defines environment variable "MQ_PASSWORD", from which KEDA reads password`,
			"swarm.yaml:9:137: roles[0].scaling.keda.triggers[0].metadata.passwordFromEnv: password comes without username: KEDA needs both: name a container variable in usernameFromEnv or name a Secret key in auth.params"}},
	{"kustomize patch that is not YAML", "apiVersion: agentscale.dev/v1alpha1\nkind: Swarm\nmetadata: {name: demo}\nspec:\n  roles: [{name: a, image: x:1}]\n  environments:\n    prod: {kustomize: {patches: [{patch: \"&a [*a]\"}, {patch: \"{a: [\"}]}}\n",
		[]string{"swarm.yaml:7:42: environments.prod.kustomize.patches[0].patch: the patch is not valid YAML: line 1: alias *a refers to a value that contains it (a cycle)",
			"swarm.yaml:7:62: environments.prod.kustomize.patches[1].patch: the patch is not valid YAML: line 1: did not find expected node content"}},
	{"cluster settings: schema", "apiVersion: agentscale.dev/v1alpha1\nkind: Swarm\nmetadata: {name: demo}\nspec:\n  roles: [{name: a, image: x:1}]\n  cluster:\n    hpa: {syncPeriod: 15s, tolerance: 1.5}\n    clusterAutoscaler: {scanInterval: 10x}\n    keda: {pollingIntervall: 5s}\n",
		[]string{"swarm.yaml:7:39: cluster.hpa.tolerance: must be <= 1",
			`swarm.yaml:8:39: cluster.clusterAutoscaler.scanInterval: "10x" is not a duration such as 30s or 1m`,
			`swarm.yaml:9:12: cluster.keda.pollingIntervall: unknown field (did you mean "pollingInterval"?)`}},
	{"cluster settings: whole seconds", "apiVersion: agentscale.dev/v1alpha1\nkind: Swarm\nmetadata: {name: demo}\nspec:\n  roles: [{name: a, image: x:1}]\n  cluster:\n    hpa: {syncPeriod: 500ms, downscaleStabilization: 48h}\n    clusterAutoscaler: {scaleDownUnneededTime: 0s, scanInterval: 0s}\n    metricsServer: {metricResolution: 1500ms}\n",
		[]string{"swarm.yaml:7:23: cluster.hpa.syncPeriod: 500ms is shorter than a second: simulate steps in whole seconds",
			"swarm.yaml:7:54: cluster.hpa.downscaleStabilization: 48h0m0s is longer than a day",
			"swarm.yaml:8:66: cluster.clusterAutoscaler.scanInterval: 0s is shorter than a second: simulate steps in whole seconds",
			"swarm.yaml:9:39: cluster.metricsServer.metricResolution: 1.5s is not a whole number of seconds: simulate steps in whole seconds"}},
	{"replicas wrong type", `    - {name: a, image: x:1, replicas: many}`,
		[]string{"swarm.yaml:6:39: roles[0].replicas: must be an integer or a mapping, not a string"}},
	{"replicas range without max", "    - name: a\n      image: x:1\n      replicas: {min: 1}\n      scaling: {hpa: {cpu: 50}}",
		[]string{`swarm.yaml:8:17: roles[0].replicas: missing required field "max"`}},
	{"unknown role field", "    - name: a\n      image: x:1\n      replica: 3",
		[]string{"swarm.yaml:8:7: roles[0].replica: unknown field (did you mean \"replicas\"?)"}},
	{"unknown top-level field", "apiVersion: agentscale.dev/v1alpha1\nkind: Swarm\nmetadata: {name: demo}\nstatus: {}\nspec:\n  roles: [{name: a, image: x:1}]",
		[]string{"swarm.yaml:4:1: status: unknown field"}},
	{"wrong apiVersion", "apiVersion: agentscale.dev/v1\nkind: Swarm\nmetadata: {name: demo}\nspec:\n  roles: [{name: a, image: x:1}]",
		[]string{"swarm.yaml:1:13: apiVersion: must be agentscale.dev/v1alpha1"}},
	{"missing spec", "apiVersion: agentscale.dev/v1alpha1\nkind: Swarm\nmetadata: {name: demo}",
		[]string{`swarm.yaml:1:1: missing required field "spec"`}},
	{"no roles", "apiVersion: agentscale.dev/v1alpha1\nkind: Swarm\nmetadata: {name: demo}\nspec:\n  roles: []",
		[]string{"swarm.yaml:5:10: roles: must have at least 1 item(s)"}},
	{"role name not a DNS label", `    - {name: Scout_1, image: x:1}`,
		[]string{`swarm.yaml:6:14: roles[0].name: "Scout_1" is not a valid name: use lower-case letters, digits and '-', starting and ending with a letter or digit`}},
	{"bad quantity", "    - name: a\n      image: x:1\n      resources: {requests: {cpu: 1xx}}",
		[]string{`swarm.yaml:8:35: roles[0].resources.requests.cpu: "1xx" is not a Kubernetes quantity (e.g. 250m, 1.5, 512Mi, 2Gi)`}},
	{"bad state", `    - {name: a, image: x:1, state: frozen}`,
		[]string{"swarm.yaml:6:36: roles[0].state: must be one of stateless, soft, hard (got frozen)"}},
	{"port out of range", `    - {name: a, image: x:1, ports: [{name: http, port: 70000}]}`,
		[]string{"swarm.yaml:6:56: roles[0].ports[0].port: must be <= 65535"}},
	{"disruption true", `    - {name: a, image: x:1, disruption: true}`,
		[]string{"swarm.yaml:6:41: roles[0].disruption: must be an object, or false to omit it"}},
	{"disruption both", `    - {name: a, image: x:1, replicas: 3, disruption: {maxUnavailable: 1, minAvailable: 1}}`,
		[]string{"swarm.yaml:6:54: roles[0].disruption: set only one of maxUnavailable or minAvailable"}},
	{"disruption bad percent", `    - {name: a, image: x:1, replicas: 3, disruption: {maxUnavailable: "half"}}`,
		[]string{`swarm.yaml:6:71: roles[0].disruption.maxUnavailable: "half" must be a count or a percentage such as "25%"`}},
	{"metrics path relative", `    - {name: a, image: x:1, metrics: {port: 9090, path: metrics}}`,
		[]string{`swarm.yaml:6:57: roles[0].metrics.path: "metrics" must be an absolute path`}},
	{"kafka trigger without consumerGroup", "    - name: a\n      image: x:1\n      replicas: {min: 1, max: 5}\n      scaling:\n        keda:\n          triggers:\n            - type: kafka\n              metadata: {bootstrapServers: k:9092, topic: t}",
		[]string{`swarm.yaml:13:25: roles[0].scaling.keda.triggers[0].metadata: a kafka trigger needs "consumerGroup": put it in metadata or name a container variable in consumerGroupFromEnv`}},
	{"rabbitmq trigger without metadata", "    - name: a\n      image: x:1\n      replicas: {min: 1, max: 5}\n      scaling: {keda: {triggers: [{type: rabbitmq}]}}",
		[]string{`swarm.yaml:9:35: roles[0].scaling.keda.triggers[0]: a rabbitmq trigger needs "host": put it in metadata, name a container variable in hostFromEnv or name a Secret key in auth.params`,
			`swarm.yaml:9:35: roles[0].scaling.keda.triggers[0]: a rabbitmq trigger needs "queueName": put it in metadata`}},
	{"sqs trigger without queueURL", "    - name: a\n      image: x:1\n      replicas: {min: 1, max: 5}\n      scaling: {keda: {triggers: [{type: aws-sqs-queue, metadata: {awsRegion: eu-west-1}}]}}",
		[]string{`swarm.yaml:9:67: roles[0].scaling.keda.triggers[0].metadata: an aws-sqs-queue trigger needs "queueURL": put it in metadata or name a container variable in queueURLFromEnv`}},
	{"servicebus trigger without queue or topic", "    - name: a\n      image: x:1\n      replicas: {min: 1, max: 5}\n      scaling: {keda: {triggers: [{type: azure-servicebus, metadata: {namespace: ns}}]}}",
		[]string{`swarm.yaml:9:70: roles[0].scaling.keda.triggers[0].metadata: an azure-servicebus trigger needs queueName, or topicName and subscriptionName`}},
	{"cron trigger incomplete", "    - name: a\n      image: x:1\n      replicas: {min: 1, max: 5}\n      scaling: {keda: {triggers: [{type: cron, metadata: {timezone: UTC, start: 0 8 * * *}}]}}",
		[]string{`swarm.yaml:9:58: roles[0].scaling.keda.triggers[0].metadata: a cron trigger needs "end" and "desiredReplicas": put them in metadata`}},
	{"prometheus trigger without query", "    - name: a\n      image: x:1\n      replicas: {min: 1, max: 5}\n      scaling: {keda: {triggers: [{type: prometheus, metadata: {serverAddress: http://p:9090, threshold: 5}}]}}",
		[]string{`swarm.yaml:9:64: roles[0].scaling.keda.triggers[0].metadata: a prometheus trigger needs "query": put it in metadata`}},
	{"any KEDA scaler", "    - name: a\n      image: x:1\n      replicas: {min: 1, max: 5}\n      scaling: {keda: {triggers: [{type: redis-streams, metadata: {stream: s, address: \"redis:6379\", consumerGroup: g}}]}}",
		nil},
	{"a scaler KEDA has not", "    - name: a\n      image: x:1\n      replicas: {min: 1, max: 5}\n      scaling: {keda: {triggers: [{type: kafak, metadata: {stream: s}}]}}",
		[]string{`swarm.yaml:9:42: roles[0].scaling.keda.triggers[0].type: KEDA v2.21.0 has no "kafak" scaler (did you mean "kafka"?)`}},
	{"unknown field in probe", "    - name: a\n      image: x:1\n      probes:\n        readiness:\n          httpGet: {path: /, port: 80}\n          periodSecond: 5",
		[]string{"swarm.yaml:11:11: roles[0].probes.readiness.periodSecond: unknown field (did you mean \"periodSeconds\"?)"}},
	{"wrong type in probe", "    - name: a\n      image: x:1\n      probes:\n        readiness:\n          httpGet: {path: /, port: 80}\n          periodSeconds: often",
		[]string{"swarm.yaml:11:26: roles[0].probes.readiness.periodSeconds: must be an integer, not a string"}},
	{"unknown field in env", "    - name: a\n      image: x:1\n      env:\n        - {name: A, valu: b}",
		[]string{"swarm.yaml:9:21: roles[0].env[0].valu: unknown field (did you mean \"value\"?)"}},
	{"unknown field in hpa behavior", "    - name: a\n      image: x:1\n      replicas: {min: 1, max: 5}\n      scaling:\n        hpa:\n          cpu: 70\n          behavior: {scaleDown: {stabilisationWindowSeconds: 60}}",
		[]string{"swarm.yaml:12:34: roles[0].scaling.hpa.behavior.scaleDown.stabilisationWindowSeconds: unknown field (did you mean \"stabilizationWindowSeconds\"?)"}},
	{"unknown field in defaults probe is reported once", "apiVersion: agentscale.dev/v1alpha1\nkind: Swarm\nmetadata: {name: demo}\nspec:\n  defaults:\n    image: x:1\n    probes: {readiness: {httpGet: {path: /, port: 80}, bogus: 1}}\n  roles: [{name: a}, {name: b}]",
		[]string{"swarm.yaml:7:56: defaults.probes.readiness.bogus: unknown field"}},

	// semantic checks
	{"min above max", `    - {name: a, image: x:1, replicas: {min: 5, max: 2}, scaling: {hpa: {cpu: 50}}}`,
		[]string{"swarm.yaml:6:45: roles[0].replicas.min: min (5) must be <= max (2)"}},
	{"hpa and keda", "    - name: a\n      image: x:1\n      replicas: {min: 1, max: 5}\n      scaling:\n        hpa: {cpu: 50}\n        keda: {triggers: [{type: cron, metadata: {timezone: UTC, start: 0 8 * * *, end: 0 18 * * *, desiredReplicas: 3}}]}",
		[]string{"swarm.yaml:11:15: roles[0].scaling.keda: use one autoscaler: hpa or keda, not both (KEDA creates its own HPA, and two HPAs fight)"}},
	{"role named like the headroom", "apiVersion: agentscale.dev/v1alpha1\nkind: Swarm\nmetadata: {name: demo}\nspec:\n  headroom: {replicas: 1, resources: {requests: {cpu: 100m}}}\n  roles: [{name: headroom, image: x:1}]",
		[]string{`swarm.yaml:6:18: roles[0].name: role name "headroom" is taken by the headroom Deployment (demo-headroom): rename the role`}},
	{"hard state as a Job", `    - {name: a, image: x:1, state: hard, workload: Job}`,
		[]string{"swarm.yaml:6:52: roles[0].workload: a hard-stateful role needs a StatefulSet (stable identity and its own disk), not a Job"}},
	{"storage without StatefulSet", `    - {name: a, image: x:1, storage: {size: 1Gi, mountPath: /data}}`,
		[]string{"swarm.yaml:6:38: roles[0].storage: storage needs a StatefulSet: set state: hard (or workload: StatefulSet)"}},
	{"undefined node pool", `    - {name: a, image: x:1, nodePool: gpu}`,
		[]string{`swarm.yaml:6:39: roles[0].nodePool: node pool "gpu" is not defined in spec.nodePools`}},
	{"duplicate role", "    - {name: a, image: x:1}\n    - {name: a, image: x:1}",
		[]string{`swarm.yaml:7:14: roles[1].name: duplicate role name "a" (first defined at line 6)`}},
	{"no image", `    - {name: a}`,
		[]string{`swarm.yaml:6:14: roles[0].name: role "a" has no image: set image on the role or in spec.defaults`}},
	{"limit below request", `    - {name: a, image: x:1, resources: {requests: {memory: 1Gi}, limits: {memory: 512Mi}}}`,
		[]string{"swarm.yaml:6:83: roles[0].resources.limits.memory: limit 512Mi is below the request 1Gi"}},
	{"range without autoscaler", `    - {name: a, image: x:1, replicas: {min: 1, max: 3}}`,
		[]string{"swarm.yaml:6:39: roles[0].replicas: a replica range needs an autoscaler: add scaling.hpa or scaling.keda, or give a fixed count"}},
	{"fixed count with autoscaler", `    - {name: a, image: x:1, replicas: 3, scaling: {hpa: {cpu: 50}}}`,
		[]string{"swarm.yaml:6:39: roles[0].replicas: an autoscaled role needs a range, e.g. replicas: {min: 1, max: 10}; a fixed count would fight the autoscaler"}},
	{"hpa without targets", `    - {name: a, image: x:1, replicas: {min: 1, max: 3}, scaling: {hpa: {}}}`,
		[]string{"swarm.yaml:6:72: roles[0].scaling.hpa: an HPA needs at least one of cpu, memory or metrics"}},
	{"hpa on a Job", `    - {name: a, image: x:1, workload: Job, replicas: {min: 1, max: 3}, scaling: {hpa: {cpu: 50}}}`,
		[]string{"swarm.yaml:6:87: roles[0].scaling.hpa: an HPA cannot scale a Job: use scaling.keda, which renders a ScaledJob"}},
	{"pods metric with Value target", "    - name: a\n      image: x:1\n      replicas: {min: 1, max: 3}\n      scaling: {hpa: {metrics: [{name: q, type: Pods, target: 5, targetType: Value}]}}",
		[]string{"swarm.yaml:9:78: roles[0].scaling.hpa.metrics[0].targetType: Pods metrics are averaged over pods: use AverageValue (or omit targetType)"}},
	{"idleReplicas not below min", "    - name: a\n      image: x:1\n      replicas: {min: 1, max: 3}\n      scaling: {keda: {idleReplicas: 1, triggers: [{type: rabbitmq, metadata: {queueName: q, host: \"http://mq:15672\"}}]}}",
		[]string{"swarm.yaml:9:38: roles[0].scaling.keda.idleReplicas: idleReplicas (1) must be below replicas.min (1), as KEDA requires"}},
	{"auth secret and pod identity", "    - name: a\n      image: x:1\n      replicas: {min: 1, max: 3}\n      scaling:\n        keda:\n          triggers:\n            - type: aws-sqs-queue\n              metadata: {queueURL: q, awsRegion: eu-west-1}\n              auth: {secret: s, params: {awsRoleArn: b}, podIdentity: {provider: aws}}",
		[]string{"swarm.yaml:14:21: roles[0].scaling.keda.triggers[0].auth: use secret or podIdentity, not both"}},
	{"auth secret without params", "    - name: a\n      image: x:1\n      replicas: {min: 1, max: 3}\n      scaling:\n        keda:\n          triggers:\n            - type: rabbitmq\n              metadata: {queueName: q, host: \"http://mq:15672\"}\n              auth: {secret: s}",
		[]string{`swarm.yaml:14:21: roles[0].scaling.keda.triggers[0].auth.params: list the trigger parameters to read from secret "s", e.g. params: {password: password}`}},
	{"API server rules: labels, image, resources, env, probe", "    - name: a\n      image: \"x:1\\n\"\n      labels: {\"bad key!\": x, team: v v}\n      resources: {requests: {memroy: 512Mi}}\n      env: [{name: A=B, value: x}]\n      probes: {readiness: {httpGet: {path: /, port: 99999}, periodSeconds: -5}}",
		[]string{`swarm.yaml:7:14: roles[0].image: image "x:1\n" has leading or trailing whitespace: the API server stores the workload but refuses every one of its Pods`,
			`swarm.yaml:8:16: roles[0].labels["bad key!"]: label key "bad key!": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName', or 'my.name', or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')`,
			`swarm.yaml:8:37: roles[0].labels.team: label value "v v": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue', or 'my_value', or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')`,
			`swarm.yaml:9:30: roles[0].resources.requests.memroy: "memroy" is not a resource a container can request (cpu, memory, ephemeral-storage, hugepages-<size>, or a qualified extended resource such as nvidia.com/gpu) (did you mean "memory"?)`,
			`swarm.yaml:10:20: roles[0].env[0].name: environment variable name "A=B": a valid environment variable name must consist only of printable ASCII characters other than '='`,
			`swarm.yaml:11:53: roles[0].probes.readiness.httpGet.port: port 99999: must be between 1 and 65535, inclusive`,
			`swarm.yaml:11:76: roles[0].probes.readiness.periodSeconds: periodSeconds -5: must be greater than or equal to 0`}},
	{"probe with no port to default to", "    - name: a\n      image: x:1\n      probes: {readiness: {httpGet: {path: /}}}",
		[]string{`swarm.yaml:8:37: roles[0].probes.readiness.httpGet.port: a port is required`}},
	{"an error in defaults is reported once", "apiVersion: agentscale.dev/v1alpha1\nkind: Swarm\nmetadata: {name: d}\nspec:\n  defaults:\n    image: x:1\n    probes: {readiness: {httpGet: {path: /, port: 99999}}}\n  roles: [{name: a}, {name: b}, {name: c}]\n",
		[]string{`swarm.yaml:7:51: defaults.probes.readiness.httpGet.port: port 99999: must be between 1 and 65535, inclusive`}},
	{"env var names the API server accepts", "    - name: a\n      image: x:1\n      env: [{name: 1BAD, value: x}, {name: my.var-1, value: y}]", nil},
	{"hard state without storage", "    - {name: a, image: x:1, state: hard}",
		[]string{`swarm.yaml:6:36: roles[0].state: a hard-stateful role needs storage (size and mountPath), its own disk: without one its state is lost whenever a pod is replaced; use state: soft if the state can be rebuilt from an external store (with stableIdentity: true if the agents need stable names, e.g. to shard by ordinal)`}},
	{"commonLabels of an environment", "apiVersion: agentscale.dev/v1alpha1\nkind: Swarm\nmetadata: {name: demo}\nspec:\n  roles: [{name: a, image: x:1}]\n  environments:\n    prod: {kustomize: {commonLabels: {\"tier~\": web}}}\n",
		[]string{`swarm.yaml:7:39: environments.prod.kustomize.commonLabels.tier~: label key "tier~": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName', or 'my.name', or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')`}},
	{"duplicate env var", "    - name: a\n      image: x:1\n      env: [{name: A, value: '1'}, {name: A, value: '2'}]",
		[]string{`swarm.yaml:8:43: roles[0].env[1].name: duplicate environment variable "A"`}},
	{"duplicate port name", `    - {name: a, image: x:1, ports: [{name: http, port: 80}, {name: http, port: 81}]}`,
		[]string{`swarm.yaml:6:68: roles[0].ports[1].name: duplicate port name "http"`}},
	{"object names too long", `    - {name: a-role-name-that-is-long-enough-to-overflow-the-limit, image: x:1}`,
		[]string{`swarm.yaml:6:14: roles[0].name: object names "demo-a-role-name-that-is-long-enough-to-overflow-the-limit" (+"-peers") would be 64 characters; Kubernetes allows 63: shorten the swarm or role name`}},
	{"StatefulSet name too long", `    - {name: a-stateful-role-name-that-is-rather-long-indeed-x, image: x:1, state: hard, storage: {size: 1Gi, mountPath: /data}}`,
		[]string{`swarm.yaml:6:14: roles[0].name: StatefulSet name "demo-a-stateful-role-name-that-is-rather-long-indeed-x" is 54 characters; pods' revision labels need it within 52`}},
	{"swarm name starting with a digit", "apiVersion: agentscale.dev/v1alpha1\nkind: Swarm\nmetadata: {name: 1st}\nspec:\n  roles: [{name: a, image: x:1}]",
		[]string{`swarm.yaml:3:18: metadata.name: "1st" must start with a letter: it prefixes Service names, which are DNS-1035 labels`}},
	{"swarm-level object name too long", "apiVersion: agentscale.dev/v1alpha1\nkind: Swarm\nmetadata: {name: a-swarm-name-that-is-long-enough-to-overflow-the-cap-of-63}\nspec:\n  monitoring: {alerts: true}\n  roles: [{name: a, image: x:1}]",
		[]string{`swarm.yaml:3:18: metadata.name: object name "a-swarm-name-that-is-long-enough-to-overflow-the-cap-of-63-alerts" would be 65 characters; Kubernetes allows 63: shorten the swarm name`,
			`swarm.yaml:6:18: roles[0].name: object names "a-swarm-name-that-is-long-enough-to-overflow-the-cap-of-63-a" (+"-peers") would be 66 characters; Kubernetes allows 63: shorten the swarm or role name`}},
	{"node pool min above max", "apiVersion: agentscale.dev/v1alpha1\nkind: Swarm\nmetadata: {name: demo}\nspec:\n  nodePools: [{name: p, allocatable: {cpu: 4, memory: 16Gi}, minNodes: 5, maxNodes: 2}]\n  roles: [{name: a, image: x:1, nodePool: p}]",
		[]string{"swarm.yaml:5:72: nodePools[0].minNodes: minNodes (5) must be <= maxNodes (2)"}},
	{"headroom without a pool while the autoscaled roles use two", "apiVersion: agentscale.dev/v1alpha1\nkind: Swarm\nmetadata: {name: demo}\nspec:\n  nodePools: [{name: a, allocatable: {cpu: 4, memory: 16Gi}, maxNodes: 3}, {name: b, allocatable: {cpu: 4, memory: 16Gi}, maxNodes: 3}]\n  headroom: {replicas: 1, resources: {requests: {cpu: 1}}}\n  roles:\n    - {name: x, image: x:1, nodePool: a, replicas: {min: 1, max: 3}, scaling: {hpa: {cpu: 60}}}\n    - {name: y, image: y:1, nodePool: b, replicas: {min: 1, max: 3}, scaling: {hpa: {cpu: 60}}}",
		[]string{`swarm.yaml:6:13: headroom: the roles it could serve run on node pools a, b: name the one the headroom holds room in (headroom.nodePool); pause pods elsewhere hold room no agent can use`}},
	{"headroom on an unknown pool", "apiVersion: agentscale.dev/v1alpha1\nkind: Swarm\nmetadata: {name: demo}\nspec:\n  headroom: {replicas: 1, nodePool: gpu, resources: {requests: {cpu: 1}}}\n  roles: [{name: a, image: x:1}]",
		[]string{`swarm.yaml:5:37: headroom.nodePool: node pool "gpu" is not defined in spec.nodePools`}},

	// environments
	{"environment overrides an unknown role", "apiVersion: agentscale.dev/v1alpha1\nkind: Swarm\nmetadata: {name: demo}\nspec:\n  roles: [{name: a, image: x:1}]\n  environments:\n    prod:\n      roles:\n        b: {replicas: 2}",
		[]string{`swarm.yaml:9:9: environments.prod.roles.b: environment "prod" overrides role "b", which the swarm does not define (defined: a)`}},
	{"environment makes a role invalid", "apiVersion: agentscale.dev/v1alpha1\nkind: Swarm\nmetadata: {name: demo}\nspec:\n  roles: [{name: a, image: x:1}]\n  environments:\n    prod:\n      roles:\n        a: {replicas: {min: 2, max: 4}}",
		[]string{"swarm.yaml:9:23: environments.prod.roles.a.replicas: a replica range needs an autoscaler: add scaling.hpa or scaling.keda, or give a fixed count"}},
	{"environment renames a role", "apiVersion: agentscale.dev/v1alpha1\nkind: Swarm\nmetadata: {name: demo}\nspec:\n  roles: [{name: a, image: x:1}]\n  environments:\n    prod:\n      roles:\n        a: {name: b}",
		[]string{"swarm.yaml:9:12: environments.prod.roles.a: a role override cannot rename the role"}},

	// several errors at once, in file order
	{"all errors, not the first", "    - {name: a, image: x:1, replicas: {min: 1, max: 0}, scaling: {hpa: {cpu: 50}}}\n    - {name: b, image: x:1, nodePool: gpu, env: [{name: A, valu: b}]}\n    - {name: a, image: x:1, replica: 2}",
		[]string{
			"swarm.yaml:6:53: roles[0].replicas.max: must be >= 1",
			`swarm.yaml:7:39: roles[1].nodePool: node pool "gpu" is not defined in spec.nodePools`,
			"swarm.yaml:7:60: roles[1].env[0].valu: unknown field (did you mean \"value\"?)",
			`swarm.yaml:8:14: roles[2].name: duplicate role name "a" (first defined at line 6)`,
			"swarm.yaml:8:29: roles[2].replica: unknown field (did you mean \"replicas\"?)",
		}},
	// issue 14's example: schema, semantic and trigger errors in one pass,
	// next to a typo in the same role and in an environment
	{"one pass: schema, semantic, trigger and environment errors", "apiVersion: agentscale.dev/v1alpha1\nkind: Swarm\nmetadata: {name: demo}\nspec:\n" +
		"  nodePools: [{name: general, allocatable: {cpu: \"4\", memory: 16Gi}, maxNodes: 5}]\n" +
		"  roles:\n" +
		"    - name: worker\n" +
		"      image: x:1\n" +
		"      memroy: 1Gi\n" +
		"      nodePool: generl\n" +
		"      replicas: {min: 5, max: 2}\n" +
		"      scaling: {keda: {triggers: [{type: kafka, metadata: {bootstrapServers: \"k:9092\", topic: t}}]}}\n" +
		"  environments:\n" +
		"    prod:\n" +
		"      roles:\n" +
		"        worker: {replicas: {min: 1, max: 0}}\n" +
		"        workr: {replicas: 3}\n",
		[]string{
			"swarm.yaml:9:7: roles[0].memroy: unknown field",
			`swarm.yaml:10:17: roles[0].nodePool: node pool "generl" is not defined in spec.nodePools (did you mean "general"?)`,
			"swarm.yaml:11:23: roles[0].replicas.min: min (5) must be <= max (2)",
			`swarm.yaml:12:59: roles[0].scaling.keda.triggers[0].metadata: a kafka trigger needs "consumerGroup": put it in metadata or name a container variable in consumerGroupFromEnv`,
			"swarm.yaml:16:42: environments.prod.roles.worker.replicas.max: must be >= 1",
			`swarm.yaml:17:9: environments.prod.roles.workr: environment "prod" overrides role "workr", which the swarm does not define (did you mean "worker"?)`,
		}},
	{"unknown field under an empty map key", "apiVersion: agentscale.dev/v1alpha1\nkind: Swarm\nmetadata: {name: demo}\nspec:\n  roles: [{name: a, image: x:1}]\n  scenarios:\n    - {name: s, load: steady:5, expect: {\"\": {maxWiat: 3s}}}\n",
		[]string{`swarm.yaml:7:47: scenarios[0].expect[""].maxWiat: unknown field (did you mean "maxWait"?)`}},
	{"scenarios: schema", "apiVersion: agentscale.dev/v1alpha1\nkind: Swarm\nmetadata: {name: demo}\nspec:\n  roles: [{name: a, image: x:1}]\n  scenarios:\n    - {name: s, load: steady:5, expect: {a: {maxWiat: 3s, maxReplicas: -1}}}\n    - {load: steady:5, budget: {maxCost: cheap}}\n",
		[]string{`swarm.yaml:7:46: scenarios[0].expect.a.maxWiat: unknown field (did you mean "maxWait"?)`,
			"swarm.yaml:7:72: scenarios[0].expect.a.maxReplicas: must be >= 0",
			`swarm.yaml:8:7: scenarios[1]: missing required field "name"`,
			"swarm.yaml:8:42: scenarios[1].budget.maxCost: must be a number, not a string"}},
	{"scenarios: names, loads, roles, pools, durations", "apiVersion: agentscale.dev/v1alpha1\nkind: Swarm\nmetadata: {name: demo}\nspec:\n  roles: [{name: responder, image: x:1}, {name: b, image: x:1}]\n  scenarios:\n    - name: spike\n      load: spike:50+400@5m/\n      duration: 1500ms\n      env: prd\n      roles: [responder, scuot]\n      expect:\n        respondr: {p95Wait: 90s}\n        b: {maxWait: 1m}\n        \"*\": {maxTimeAtMax: 2500ms}\n      budget: {maxNodes: {general: 3}}\n    - {name: spike, load: /data/load.csv}\n    - {name: stdin, load: \"-\", duration: 200h}\n",
		[]string{`swarm.yaml:8:13: scenarios[0].load: load pattern "spike:50+400@5m/": "" is not a duration (e.g. 90s, 10m, 1h30m) (patterns: steady:RATE, ramp:FROM..TO/DURATION, spike:BASE+EXTRA@START/DURATION, daily:MIN..MAX[@PEAK])`,
			"swarm.yaml:9:17: scenarios[0].duration: 1.5s is not a whole number of seconds: simulate measures whole seconds",
			`swarm.yaml:10:12: scenarios[0].env: environment "prd" is not defined in spec.environments`,
			`swarm.yaml:11:26: scenarios[0].roles[1]: role "scuot" is not defined in spec.roles (defined: responder, b)`,
			`swarm.yaml:13:9: scenarios[0].expect.respondr: role "respondr" is not defined in spec.roles (did you mean "responder"?); use "*" for every role`,
			"swarm.yaml:14:9: scenarios[0].expect.b: role \"b\" is not among this scenario's roles [responder scuot], so it is not run",
			"swarm.yaml:15:29: scenarios[0].expect.*.maxTimeAtMax: 2.5s is not a whole number of seconds: simulate measures whole seconds",
			`swarm.yaml:16:27: scenarios[0].budget.maxNodes.general: node pool "general" is not defined in spec.nodePools`,
			"swarm.yaml:17:14: scenarios[1].name: duplicate scenario name \"spike\" (first defined at line 7)",
			"swarm.yaml:17:27: scenarios[1].load: /data/load.csv is absolute: name the CSV file relative to the swarm file, so the scenario runs on every checkout",
			"swarm.yaml:18:27: scenarios[2].load: a scenario's load is a pattern or a CSV file, not stdin",
			"swarm.yaml:18:42: scenarios[2].duration: 200h0m0s is longer than a week, simulate's longest run"}},
	{"scenarios are not a cluster's", "apiVersion: agentscale.dev/v1alpha1\nkind: Cluster\nmetadata: {name: c}\nspec:\n  scenarios: [{name: s, load: steady:1}]\n",
		[]string{"swarm.yaml:5:14: scenarios: a Cluster document holds only spec.nodePools and spec.cluster; scenarios belongs in a Swarm"}},
	{"a role field of the wrong type blocks only the checks that read it", "    - {name: a, image: \"x:1 \", env: {A: b}, replicas: {min: 5, max: 2}, nodePool: gpu, scaling: {keda: {triggers: [{type: rabbitmq, metadata: {queueName: q, mode: QueueLenght, value: \"5\", hostFromEnv: H}}]}}}",
		[]string{
			`swarm.yaml:6:24: roles[0].image: image "x:1 " has leading or trailing whitespace: the API server stores the workload but refuses every one of its Pods`,
			"swarm.yaml:6:37: roles[0].env: must be a list, not a mapping: one item per variable, e.g. env: [{name: LOG_LEVEL, value: debug}]",
			"swarm.yaml:6:61: roles[0].replicas.min: min (5) must be <= max (2)",
			`swarm.yaml:6:83: roles[0].nodePool: node pool "gpu" is not defined in spec.nodePools`,
			`swarm.yaml:6:164: roles[0].scaling.keda.triggers[0].metadata.mode: "QueueLenght" is not one of QueueLength, MessageRate, DeliverGetRate, PublishedToDeliveredRatio, ExpectedQueueConsumptionTime (did you mean "QueueLength"?)`,
		}},
	{"a list written without its dashes", "apiVersion: agentscale.dev/v1alpha1\nkind: Swarm\nmetadata: {name: demo}\nspec:\n  roles:\n    name: a\n    image: x:1\n",
		[]string{`swarm.yaml:6:5: roles: must be a list, not a mapping: start each item with "- "`}},
	{"a value of the wrong type blocks only its neighbours", "    - {name: a, image: x:1, replicas: {min: 5, max: two}, nodePool: gpu}",
		[]string{
			"swarm.yaml:6:53: roles[0].replicas.max: must be an integer, not a string",
			`swarm.yaml:6:69: roles[0].nodePool: node pool "gpu" is not defined in spec.nodePools`,
		}},
}

func TestErrors(t *testing.T) {
	for _, c := range errorCases {
		t.Run(c.name, func(t *testing.T) {
			in := c.input()
			_, errs := Parse("swarm.yaml", []byte(in), Options{})
			var got []string
			for _, e := range errs {
				got = append(got, e.Error())
			}
			if strings.Join(got, "\n") != strings.Join(c.want, "\n") {
				t.Errorf("errors:\n got: %s\nwant: %s\ninput:\n%s", strings.Join(got, "\n      "), strings.Join(c.want, "\n      "), in)
			}
		})
	}
}
