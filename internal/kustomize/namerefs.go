package kustomize

// kedaNameReferences teaches kustomize which KEDA fields name other
// objects, so namePrefix and nameSuffix rename both ends of the reference.
// kustomize's built-in configuration already covers HPAs, Services,
// ServiceAccounts, ConfigMaps, Secrets and PriorityClasses.
const kedaNameReferences = `nameReference:
- kind: Deployment
  fieldSpecs:
  - {path: spec/scaleTargetRef/name, kind: ScaledObject}
- kind: StatefulSet
  fieldSpecs:
  - {path: spec/scaleTargetRef/name, kind: ScaledObject}
- kind: TriggerAuthentication
  fieldSpecs:
  - {path: spec/triggers/authenticationRef/name, kind: ScaledObject}
  - {path: spec/triggers/authenticationRef/name, kind: ScaledJob}
`
