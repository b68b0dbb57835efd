// Package override applies --set KEY=VALUE to a loaded swarm, so a
// simulation can try a threshold without editing swarm.yaml. A key is a
// role name followed by the field path as written in the file
// ("scout.scaling.keda.triggers[0].metadata.lagThreshold"), or
// "nodePools.NAME.FIELD", or "headroom.FIELD". Values are YAML scalars or
// flow collections. The result is validated like the file itself.
package override
