package catalog

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// TestData: the generated catalogue is what Lookup assumes (sorted, one
// entry per type) and holds what KEDA v2.21.0 has: 80 trigger types, and
// the keys the examples need.
func TestData(t *testing.T) {
	types := Types()
	if !slices.IsSorted(types) || len(slices.Compact(slices.Clone(types))) != len(types) {
		t.Fatal("types are not sorted and unique")
	}
	if len(types) != 80 {
		t.Errorf("%d trigger types, want KEDA v2.21.0's 80", len(types))
	}
	for _, typ := range types {
		s := Lookup(typ)
		seen := map[string]bool{}
		for _, k := range s.Keys {
			if k.From == 0 {
				t.Errorf("%s.%s: no source", typ, k.Name)
			}
			if seen[k.Name] {
				t.Errorf("%s.%s: declared twice", typ, k.Name)
			}
			seen[k.Name] = true
			if k.HasDefault {
				if _, err := k.Parse(k.Default); err != nil {
					t.Errorf("%s.%s: KEDA's default %q does not parse: %v", typ, k.Name, k.Default, err)
				}
			}
		}
	}
	k := Lookup("kafka").Key("lagThreshold")
	if k == nil || k.Kind != Int || k.Default != "10" || k.From != Metadata {
		t.Errorf("kafka lagThreshold = %+v", k)
	}
	if Lookup("kafak") != nil || Lookup("") != nil {
		t.Error("Lookup found a type KEDA has not")
	}
}

func TestParse(t *testing.T) {
	tests := []struct {
		key  Key
		in   string
		want string // "" for accepted
	}{
		{Key{Kind: Int}, "10", ""},
		{Key{Kind: Int}, "-3", ""},
		{Key{Kind: Int}, "ten", `"ten" is not a whole number`},
		{Key{Kind: Int}, "1.0", `"1.0" is not a whole number`},
		{Key{Kind: Int}, "1e3", `"1e3" is not a whole number`},
		{Key{Kind: Int}, "+5", `"+5" is not a whole number`},
		{Key{Kind: Int}, `"5"`, `"\"5\"" is not a whole number`},
		{Key{Kind: Int}, "null", `"null" is not a whole number`},
		{Key{Kind: Int}, "99999999999999999999", `"99999999999999999999" is not a whole number`},
		{Key{Kind: Int, Bits: 32}, "2147483648", "2147483648 is out of range for a 32-bit integer"},
		{Key{Kind: Uint}, "-1", `"-1" is not a whole number of zero or more`},
		{Key{Kind: Float}, "1e3", ""},
		{Key{Kind: Float}, "0.5", ""},
		{Key{Kind: Float}, ".5", `".5" is not a number`},
		{Key{Kind: Float}, "NaN", `"NaN" is not a number`},
		{Key{Kind: Bool}, "true", ""},
		{Key{Kind: Bool}, "1", ""},
		{Key{Kind: Bool}, "yes", `"yes" is not true or false`},
		{Key{Kind: Duration}, "30s", ""},
		{Key{Kind: Duration}, "1500", ""},
		{Key{Kind: Duration}, "5 minutes", `"5 minutes" is not a duration (30s, 5m) or a number of milliseconds`},
		{Key{Kind: Duration}, "-1s", `"-1s" is negative; a duration cannot be`},
		{Key{Kind: List, Elem: Int}, "1, 2,3", ""},
		{Key{Kind: List, Elem: Int}, "1,x", `element 2: "x" is not a whole number`},
		{Key{Kind: List, Elem: Int, Range: "-"}, "1,4-8", ""},
		{Key{Kind: List, Elem: Int, Range: "-"}, "1-2-3", `element 1: "1-2-3" is not start-end`},
		{Key{Kind: Map}, "a=1,b=2", ""},
		{Key{Kind: Map}, "a=1,b", `"b" is not key=value`},
		{Key{Kind: Query}, "a=1&b=2", ""},
		{Key{Kind: Query}, "a=%zz", `"a=%zz" is not a URL query (a=1&b=2): invalid URL escape "%zz"`},
		{Key{Kind: String, Enum: []string{"latest", "earliest"}}, "latest", ""},
		{Key{Kind: String, Enum: []string{"latest", "earliest"}}, "newest", `"newest" is not one of latest, earliest`},
		{Key{Kind: List, Elem: String, Enum: []string{"basic", "tls", "bearer"}, Exclusive: []string{"basic", "bearer"}}, "basic,tls", ""},
		{Key{Kind: List, Elem: String, Enum: []string{"basic", "tls", "bearer"}, Exclusive: []string{"basic", "bearer"}}, "basic,bearer", `"basic,bearer" may hold only one of basic, bearer`},
		{Key{Kind: List, Elem: String, Enum: []string{"basic", "tls"}}, "x,y", `["x" "y"] are not one of basic, tls`},
	}
	for _, tt := range tests {
		_, err := tt.key.Parse(tt.in)
		got := ""
		if err != nil {
			got = err.Error()
		}
		if got != tt.want {
			t.Errorf("%+v Parse(%q) = %q, want %q", tt.key, tt.in, got, tt.want)
		}
	}
}

func md(kv ...string) map[string]string {
	m := map[string]string{}
	for i := 0; i < len(kv); i += 2 {
		m[kv[i]] = kv[i+1]
	}
	return m
}

var (
	kafka  = []string{"bootstrapServers", "k:9092", "consumerGroup", "g", "topic", "t"}
	rabbit = []string{"queueName", "q", "host", "http://mq:15672"}
	cronMD = []string{"timezone", "UTC", "start", "0 8 * * *", "end", "0 9 * * *", "desiredReplicas", "2"}
)

func with(base []string, kv ...string) map[string]string {
	return md(append(slices.Clone(base), kv...)...)
}

// TestCheck: one case per check, with the exact problem (where, key,
// message) it gives.
func TestCheck(t *testing.T) {
	noEnv := func(string) bool { return false }
	tests := []struct {
		name string
		tr   Trigger
		want []string // "where key: message", where m(etadata), a(uth), t(ype), mt (metricType); * marks AtKey
	}{
		{"valid kafka", Trigger{Type: "kafka", Metadata: md(kafka...)}, nil},
		{"unknown type", Trigger{Type: "kafak"}, []string{`t : KEDA v2.21.0 has no "kafak" scaler (did you mean "kafka"?)`}},
		{"a type typed as part of its name", Trigger{Type: "sqs"}, []string{`t : KEDA v2.21.0 has no "sqs" scaler (did you mean "aws-sqs-queue"?)`}},
		{"a part of one", Trigger{Type: "pubsub"}, []string{`t : KEDA v2.21.0 has no "pubsub" scaler (did you mean "gcp-pubsub"?)`}},
		{"a part of several", Trigger{Type: "streams"}, []string{`t : KEDA v2.21.0 has no "streams" scaler (did you mean one of "aws-dynamodb-streams", "redis-cluster-streams", "redis-sentinel-streams", "redis-streams"?)`}},
		{"no type", Trigger{}, []string{`t : a trigger needs a type`}},
		{"unknown key with a suggestion", Trigger{Type: "kafka", Metadata: with(kafka, "lagTreshold", "500")},
			[]string{`m* lagTreshold: KEDA's kafka scaler reads no "lagTreshold" from trigger metadata, and ignores it: did you mean "lagThreshold"?`}},
		{"unknown key, no suggestion", Trigger{Type: "kafka", Metadata: with(kafka, "colour", "blue")},
			[]string{`m* colour: KEDA's kafka scaler reads no "colour" from trigger metadata, and ignores it`}},
		{"unknown key meant for auth", Trigger{Type: "prometheus", Metadata: md("serverAddress", "http://p", "query", "up", "threshold", "1", "bearerTokn", "x")},
			[]string{`m* bearerTokn: KEDA's prometheus scaler reads no "bearerTokn" from trigger metadata, and ignores it: did you mean "bearerToken" (an authentication parameter: auth.params)?`}},
		{"auth-only key in metadata", Trigger{Type: "kafka", Metadata: with(kafka, "username", "u")},
			[]string{`m* username: KEDA reads "username" only from authentication parameters, not from metadata: put the value in a Secret and name it in auth.params (auth: {secret: NAME, params: {username: KEY}})`}},
		{"metadata-only key in auth", Trigger{Type: "kafka", Metadata: md(kafka...), Auth: []string{"lagThreshold"}},
			[]string{`a* lagThreshold: KEDA reads "lagThreshold" only from trigger metadata, not from authentication parameters: move it to metadata`}},
		{"unknown auth parameter", Trigger{Type: "kafka", Metadata: md(kafka...), Auth: []string{"passwrd"}},
			[]string{`a* passwrd: KEDA's kafka scaler reads no "passwrd" from authentication parameters, and ignores it: did you mean "password"?`}},
		{"code keys are known", Trigger{Type: "aws-sqs-queue", Metadata: md("queueURL", "q", "awsRegion", "eu-west-1", "awsAccessKeyIDFromEnv", "ID"), Auth: []string{"awsRoleArn"}}, nil},
		{"wrong type", Trigger{Type: "kafka", Metadata: with(kafka, "lagThreshold", "ten")}, []string{`m lagThreshold: "ten" is not a whole number`}},
		{"outside the enum", Trigger{Type: "kafka", Metadata: with(kafka, "offsetResetPolicy", "latst")},
			[]string{`m offsetResetPolicy: "latst" is not one of latest, earliest (did you mean "latest"?)`}},
		{"missing required keys, grouped", Trigger{Type: "cron", Metadata: md("timezone", "UTC")},
			[]string{`m : a cron trigger needs "start", "end" and "desiredReplicas": put them in metadata`}},
		{"empty value is absent", Trigger{Type: "kafka", Metadata: with(kafka, "consumerGroup", " ")},
			[]string{`m consumerGroup: consumerGroup is empty: KEDA takes an empty value as absent, and needs this one`}},
		{"required from env", Trigger{Type: "kafka", Metadata: md("bootstrapServersFromEnv", "B", "consumerGroup", "g"), Env: func(n string) bool { return n == "B" }}, nil},
		{"FromEnv names a missing variable", Trigger{Type: "kafka", Metadata: md("bootstrapServers", "k", "consumerGroupFromEnv", "G"), Env: noEnv},
			[]string{`m consumerGroupFromEnv: no container defines environment variable "G", from which KEDA reads consumerGroup`}},
		{"required from auth", Trigger{Type: "rabbitmq", Metadata: md("queueName", "q"), Auth: []string{"host"}}, nil},
		{"auth unknown may supply", Trigger{Type: "rabbitmq", Metadata: md("queueName", "q"), AuthUnknown: true}, nil},
		{"alias", Trigger{Type: "prometheus", Metadata: md("serverAddress", "http://p", "query", "up", "threshold", "1", "authMode", "basic"), Auth: []string{"username", "password"}}, nil},
		{"deprecated key", Trigger{Type: "cpu", MetricType: "Utilization", Metadata: md("value", "50", "type", "Utilization")},
			[]string{`m* type: KEDA refuses this key now: The 'type' setting is DEPRECATED and is removed in v2.18 - Use 'metricType' instead.`}},
		{"external passes every key", Trigger{Type: "external", Metadata: md("scalerAddress", "s:9090", "anything", "x")}, nil},
		{"Utilization on an external metric", Trigger{Type: "prometheus", MetricType: "Utilization", Metadata: md("serverAddress", "http://p", "query", "up", "threshold", "1")},
			[]string{`mt : metricType Utilization is for cpu and memory triggers; a prometheus trigger takes AverageValue (the default) or Value`}},

		// kafka_scaler.go
		{"kafka lagThreshold 0", Trigger{Type: "kafka", Metadata: with(kafka, "lagThreshold", "0")}, []string{`m lagThreshold: must be a positive number, as KEDA requires`}},
		{"kafka negative activation", Trigger{Type: "kafka", Metadata: with(kafka, "activationLagThreshold", "-1")}, []string{`m activationLagThreshold: must not be negative, as KEDA requires`}},
		{"kafka partitionLimitation", Trigger{Type: "kafka", Metadata: with(kafka, "partitionLimitation", "1,x-3")}, []string{`m partitionLimitation: "x-3" is not a partition number or range (1,2,5-8)`}},
		{"kafka idle and limit", Trigger{Type: "kafka", Metadata: with(kafka, "allowIdleConsumers", "true", "limitToPartitionsWithLag", "true")},
			[]string{`m limitToPartitionsWithLag: allowIdleConsumers and limitToPartitionsWithLag cannot be set together, KEDA refuses both`}},
		{"kafka limit without topic", Trigger{Type: "kafka", Metadata: md("bootstrapServers", "k", "consumerGroup", "g", "limitToPartitionsWithLag", "true")},
			[]string{`m limitToPartitionsWithLag: limitToPartitionsWithLag needs a topic: KEDA refuses it without one`}},
		{"kafka fullMetadata false without topic", Trigger{Type: "kafka", Metadata: md("bootstrapServers", "k", "consumerGroup", "g", "fullMetadata", "false")},
			[]string{`m fullMetadata: fullMetadata: false needs a topic: KEDA refuses it without one`}},
		{"kafka sasl without password", Trigger{Type: "kafka", Metadata: with(kafka, "sasl", "plaintext"), Auth: []string{"username"}},
			[]string{`m sasl: sasl: plaintext needs password in auth.params (KEDA: no password given)`}},
		{"kafka tls with cert only", Trigger{Type: "kafka", Metadata: with(kafka, "tls", "enable"), Auth: []string{"cert"}},
			[]string{`m tls: tls: enable with a client certificate needs both cert and key in auth.params`}},

		// rabbitmq_scaler.go
		{"rabbitmq defaults", Trigger{Type: "rabbitmq", Metadata: md(rabbit...)}, nil},
		{"rabbitmq mode typo", Trigger{Type: "rabbitmq", Metadata: with(rabbit, "mode", "QueueLenght", "value", "5")},
			[]string{`m mode: "QueueLenght" is not one of QueueLength, MessageRate, DeliverGetRate, PublishedToDeliveredRatio, ExpectedQueueConsumptionTime (did you mean "QueueLength"?)`}},
		{"rabbitmq value without mode", Trigger{Type: "rabbitmq", Metadata: with(rabbit, "value", "5")},
			[]string{`m value: value needs a mode (QueueLength, MessageRate, DeliverGetRate, PublishedToDeliveredRatio, ExpectedQueueConsumptionTime)`}},
		{"rabbitmq mode without value", Trigger{Type: "rabbitmq", Metadata: with(rabbit, "mode", "QueueLength")},
			[]string{`m mode: mode QueueLength needs a value, and value is missing`}},
		{"rabbitmq queueLength with mode", Trigger{Type: "rabbitmq", Metadata: with(rabbit, "mode", "QueueLength", "value", "5", "queueLength", "5")},
			[]string{`m queueLength: queueLength is deprecated and cannot be combined with mode or value: use mode: QueueLength and value`}},
		{"rabbitmq http mode over amqp", Trigger{Type: "rabbitmq", Metadata: md("queueName", "q", "host", "amqp://mq", "mode", "MessageRate", "value", "5")},
			[]string{`m mode: mode MessageRate needs the HTTP protocol (protocol: http, or an http:// host)`}},
		{"rabbitmq bad scheme", Trigger{Type: "rabbitmq", Metadata: md("queueName", "q", "host", "mq:5672")},
			[]string{`m host: the host's scheme "mq" is not amqp, amqps, http or https: with protocol auto, KEDA needs one`}},
		{"rabbitmq protocol", Trigger{Type: "rabbitmq", Metadata: with(rabbit, "protocol", "htp")},
			[]string{`m protocol: "htp" is not amqp, http or auto (did you mean "http"?)`}},
		{"rabbitmq pageSize", Trigger{Type: "rabbitmq", Metadata: with(rabbit, "pageSize", "0")}, []string{`m pageSize: must be 1 or more, as KEDA requires`}},
		{"rabbitmq username alone", Trigger{Type: "rabbitmq", Metadata: md(rabbit...), Auth: []string{"username"}},
			[]string{`a username: username comes without password: KEDA needs both: name a container variable in passwordFromEnv or name a Secret key in auth.params`}},
		{"rabbitmq timeout over amqp", Trigger{Type: "rabbitmq", Metadata: md("queueName", "q", "host", "amqp://mq", "timeout", "5s")},
			[]string{`m timeout: the AMQP protocol takes no timeout, KEDA refuses it`}},
		{"rabbitmq regex over amqp", Trigger{Type: "rabbitmq", Metadata: md("queueName", "q", "host", "amqp://mq", "useRegex", "true")},
			[]string{`m useRegex: useRegex: true needs the HTTP protocol`}},

		// cron_scaler.go
		{"cron valid", Trigger{Type: "cron", Metadata: md(cronMD...)}, nil},
		{"cron step 0", Trigger{Type: "cron", Metadata: with(cronMD, "start", "*/0 * * * *")}, []string{`m start: "*/0 * * * *": step of range should be a positive number: */0`}},
		{"cron descriptor", Trigger{Type: "cron", Metadata: with(cronMD, "end", "@daily")},
			[]string{`m end: "@daily": KEDA's cron scaler takes five fields (minute hour day-of-month month day-of-week), not descriptors such as @daily`}},
		{"cron six fields", Trigger{Type: "cron", Metadata: with(cronMD, "end", "0 0 9 * * *")}, []string{`m end: "0 0 9 * * *": expected exactly 5 fields, found 6: [0 0 9 * * *]`}},
		{"cron never", Trigger{Type: "cron", Metadata: with(cronMD, "end", "0 0 30 2 *")}, []string{`m end: "0 0 30 2 *" never comes round (no such date)`}},
		{"cron same start and end", Trigger{Type: "cron", Metadata: with(cronMD, "end", "0 8 * * *")}, []string{`m end: start and end are the same, KEDA refuses that`}},
		{"cron timezone", Trigger{Type: "cron", Metadata: with(cronMD, "timezone", "Mars/Olympus")},
			[]string{`m timezone: "Mars/Olympus" is not an IANA timezone (e.g. Europe/Paris, America/New_York, UTC)`}},
		{"cron desiredReplicas 0", Trigger{Type: "cron", Metadata: with(cronMD, "desiredReplicas", "0")}, []string{`m desiredReplicas: must be 1 or more`}},

		// cpu_memory_scaler.go
		{"cpu without metricType", Trigger{Type: "cpu", Metadata: md("value", "50")}, []string{`mt : a cpu trigger needs metricType: Utilization or AverageValue`}},
		{"cpu Value metricType", Trigger{Type: "cpu", MetricType: "Value", Metadata: md("value", "50")}, []string{`mt : a cpu trigger takes metricType Utilization or AverageValue, not Value`}},
		{"cpu percentage", Trigger{Type: "cpu", MetricType: "Utilization", Metadata: md("value", "50%")}, []string{`m value: "50%" is not a whole percentage, which metricType Utilization needs`}},
		{"memory quantity", Trigger{Type: "memory", MetricType: "AverageValue", Metadata: md("value", "512MB!")}, []string{`m value: "512MB!" is not a quantity (500m, 512Mi), which metricType AverageValue needs`}},

		// aws_sqs_queue_scaler.go, azure_servicebus_scaler.go
		{"sqs URL without a name", Trigger{Type: "aws-sqs-queue", Metadata: md("queueURL", "https://sqs.eu-west-1.amazonaws.com/1", "awsRegion", "eu-west-1")},
			[]string{`m queueURL: KEDA cannot get the queue's name from "https://sqs.eu-west-1.amazonaws.com/1": want https://sqs.REGION.amazonaws.com/ACCOUNT/NAME`}},
		{"servicebus topic without subscription", Trigger{Type: "azure-servicebus", Metadata: md("topicName", "t"), Auth: []string{"connection"}},
			[]string{`m topicName: a topic needs its subscriptionName`}},
		{"servicebus bad regex", Trigger{Type: "azure-servicebus", Metadata: md("queueName", "(", "useRegex", "true"), Auth: []string{"connection"}},
			[]string{"m queueName: useRegex: true, but \"(\" is not a regular expression: error parsing regexp: missing closing ): `(`"}},
	}
	where := map[Where]string{InType: "t", InMetadata: "m", InAuth: "a", InMetricType: "mt"}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, p := range Check(tt.tr) {
				w := where[p.Where]
				if p.AtKey {
					w += "*"
				}
				got = append(got, fmt.Sprintf("%s %s: %s", w, p.Key, p.Msg))
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("got\n\t%s\nwant\n\t%s", strings.Join(got, "\n\t"), strings.Join(tt.want, "\n\t"))
			}
		})
	}
}

// TestRead: the typed view gives KEDA's values and defaults, and no value
// for what a Secret or the environment supplies.
func TestRead(t *testing.T) {
	c, p := Read(Trigger{Type: "kafka", Metadata: with(kafka, "lagThreshold", "250", "allowIdleConsumers", "true")})
	if len(p) > 0 {
		t.Fatal(p)
	}
	if c.Float("lagThreshold", 0) != 250 || c.Float("activationLagThreshold", -1) != 0 || !c.Bool("allowIdleConsumers", false) || c.String("offsetResetPolicy") != "latest" {
		t.Errorf("values: %v %v %v %q", c.Float("lagThreshold", 0), c.Float("activationLagThreshold", -1), c.Bool("allowIdleConsumers", false), c.String("offsetResetPolicy"))
	}
	if c.Set("lagThreshold") != Metadata || c.Set("activationLagThreshold") != 0 {
		t.Errorf("sources %v %v", c.Set("lagThreshold"), c.Set("activationLagThreshold"))
	}
	c, _ = Read(Trigger{Type: "rabbitmq", Metadata: md("queueName", "q"), Auth: []string{"host"}})
	if _, ok := c.Value("host"); ok || c.Set("host") != Auth || c.String("protocol") != "auto" {
		t.Errorf("host from a Secret: %v %q", c.Set("host"), c.String("protocol"))
	}
}

// FuzzRead: no trigger a user writes panics the reader, and what it
// accepts reads back as values.
func FuzzRead(f *testing.F) {
	f.Add("kafka", "lagThreshold", "10", "partitionLimitation", "1-3,5")
	f.Add("cron", "start", "*/5 * * * *", "timezone", "Europe/Paris")
	f.Add("rabbitmq", "mode", "QueueLength", "host", "amqp://x")
	f.Add("apache-kafka", "partitionLimitation", "1-99999999", "topic", "a,b")
	f.Add("prometheus", "queryParameters", "a=b,c", "customHeaders", "x=y")
	f.Fuzz(func(t *testing.T, typ, k1, v1, k2, v2 string) {
		c, _ := Read(Trigger{Type: typ, Metadata: map[string]string{k1: v1, k2: v2}, Auth: []string{k2}})
		if c == nil {
			return
		}
		for _, k := range c.Scaler.Keys {
			c.Float(k.Name, 0)
			c.Bool(k.Name, false)
			c.String(k.Name)
		}
	})
}
