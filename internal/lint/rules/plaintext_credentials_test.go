package rules

import (
	"testing"

	"github.com/agentscale/agentscale/internal/lint/linttest"
)

func TestPlaintextCredentials(t *testing.T) {
	linttest.Run(t, PlaintextCredentials, []linttest.Case{
		{Name: "manifest/fires in env, args and trigger metadata", Manifest: `
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  template:
    spec:
      containers:
        - name: app
          image: app:1
          env:
            - {name: OPENAI_API_KEY, value: sk-abc123}
            - {name: DATABASE_URL, value: "postgres://app:hunter2@db:5432/app"}
            - {name: DB_PASSWORD, value: "123456"}
          args: [--auth-token, abc123, "--client-secret=xyz"]
---
apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata: {name: web}
spec:
  scaleTargetRef: {name: web}
  triggers:
    - type: postgresql
      metadata:
        connection: "host=db port=5432 user=app password=hunter2"
        query: select count(*) from tasks
    - type: rabbitmq
      metadata: {host: "amqp://guest:guest@rabbit:5672", queueName: tasks}
`, Want: []string{
			`11:38: error plaintext-credentials: env OPENAI_API_KEY of container "app" holds a key in plain text`,
			`12:36: error plaintext-credentials: env DATABASE_URL of container "app" holds a URL with a password`,
			`13:35: error plaintext-credentials: env DB_PASSWORD of container "app" holds a password in plain text`,
			`14:32: error plaintext-credentials: args[1] of container "app" holds a token in plain text`,
			`14:40: error plaintext-credentials: args[2] of container "app" holds a secret in plain text`,
			`24:9: error plaintext-credentials: metadata connection of trigger 0 holds a connection string in plain text`,
			`27:18: error plaintext-credentials: metadata host of trigger 1 holds a URL with a password`,
		}},
		{Name: "manifest/references, counts and names do not fire", Manifest: `
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  template:
    spec:
      containers:
        - name: app
          image: app:1
          env:
            - name: DB_PASSWORD
              valueFrom: {secretKeyRef: {name: db, key: password}}
            - {name: DATABASE_URL, value: "postgres://app:$(DB_PASSWORD)@db:5432/app"}
            - {name: MAX_TOKENS, value: "4096"}
            - {name: MAX_TOKEN, value: "4096"}
            - {name: RETRY_PASS, value: "3"}
            - {name: TOKEN_TTL, value: 1h}
            - {name: SECRET_NAME, value: db-credentials}
            - {name: GOOGLE_APPLICATION_CREDENTIALS, value: /var/secrets/google/key.json}
            - {name: USE_TOKEN, value: "true"}
            - {name: REDIS_URL, value: "redis://redis:6379/0"}
            - {name: PWD, value: /app}
            - {name: DB_SECRET, value: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:db"}
            - {name: API_TOKEN, value: "projects/acme/secrets/api-token/versions/latest"}
          args: [--token-file, /var/run/token, --password-stdin]
---
apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata: {name: web}
spec:
  scaleTargetRef: {name: web}
  triggers:
    - type: kafka
      metadata: {bootstrapServers: "kafka:9092", sasl: plaintext, passwordFromEnv: KAFKA_PASSWORD, username: app}
    - type: azure-servicebus
      metadata: {connectionFromEnv: SB_CONN, queueName: q}
    - type: mssql
      metadata: {connection: MSSQL_CONN_ENV}
`},
		{Name: "manifest/suppressed", Manifest: `
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  template:
    metadata:
      annotations:
        agentscale.dev/ignore: plaintext-credentials
        agentscale.dev/ignore-reason: a throwaway password for the e2e cluster
    spec:
      containers:
        - {name: app, image: app:1, env: [{name: ADMIN_PASSWORD, value: admin}]}
`},
		{Name: "swarm/fires in env and annotations", Swarm: `
apiVersion: agentscale.dev/v1alpha1
kind: Swarm
metadata: {name: s}
spec:
  roles:
    - name: worker
      image: worker:1.0
      env:
        - {name: HF_TOKEN, value: hf_abcdef}
      annotations: {example.com/api-token: abcdef123456}
      replicas: 1
`, Want: []string{
			`9:28: error plaintext-credentials: env HF_TOKEN of container "worker" holds a token in plain text`,
			`10:21: error plaintext-credentials: annotation "example.com/api-token" holds a token in plain text`,
		}},
		// validate refuses credentials in a swarm's trigger metadata before
		// anything is rendered (see spec's tests).
		{Name: "swarm/trigger metadata is refused by validate", Swarm: `
apiVersion: agentscale.dev/v1alpha1
kind: Swarm
metadata: {name: s}
spec:
  roles:
    - name: worker
      image: worker:1.0
      replicas: {min: 1, max: 5}
      scaling:
        keda:
          triggers:
            - type: redis
              metadata: {address: "redis:6379", listName: jobs, password: s3cret}
`, Want: []string{
			`13:75: error invalid-swarm: roles[0].scaling.keda.triggers[0].metadata.password: holds a password in plain text: trigger metadata is written as it is into the ScaledObject, readable by anyone who can read it; move the value to a Secret and name it in auth.params (auth: {secret: NAME, params: {password: KEY}})`,
		}},
		{Name: "swarm/trigger auth does not fire", Swarm: `
apiVersion: agentscale.dev/v1alpha1
kind: Swarm
metadata: {name: s}
spec:
  roles:
    - name: worker
      image: worker:1.0
      replicas: {min: 1, max: 5}
      scaling:
        keda:
          triggers:
            - type: redis
              metadata: {address: "redis:6379", listName: jobs}
              auth: {secret: redis, params: {password: password}}
`},
		{Name: "swarm/suppressed", Swarm: `
apiVersion: agentscale.dev/v1alpha1
kind: Swarm
metadata: {name: s}
spec:
  roles:
    - name: worker
      image: worker:1.0
      env: [{name: ADMIN_PASSWORD, value: admin}]
      replicas: 1
      lint:
        ignore: [{rule: plaintext-credentials, reason: a throwaway password for the e2e cluster}]
`},
	})
}
