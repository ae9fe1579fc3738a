package deploy

import "testing"

// Every manifest decodes strictly into its API type (the ScaledObject
// validates against KEDA's CRD schema), and every consistency check holds.
func TestManifestsDecodeStrictlyAndAgree(t *testing.T) {
	b, err := load(readManifests(t))
	if err != nil {
		t.Fatal(err)
	}
	for _, err := range runChecks(b) {
		t.Error(err)
	}
}

var mutations = []edit{
	// strict decoding
	{"unknown Deployment field", "k8s/deployment.yaml", "  revisionHistoryLimit: 5", "  revisionHistoryLimit: 5\n  replica: 2", "unknown field"},
	{"misspelt securityContext field", "k8s/deployment.yaml", "readOnlyRootFilesystem: true", "readOnlyRootFileSystem: true", "unknown field"},
	{"wrong type", "k8s/pdb.yaml", "maxUnavailable: 1", "maxUnavailable: [1]", "PodDisruptionBudget"},
	{"unknown ServiceMonitor field", "k8s/monitoring/servicemonitor.yaml", "      interval: 15s", "      interval: 15s\n      scrapeEvery: 15s", "unknown field"},
	{"unknown ScaledObject field", "k8s/keda/scaledobject.yaml", "  cooldownPeriod: 300", "  cooldownPeriod: 300\n  maxReplicas: 6", "KEDA schema"},
	{"ScaledObject field of the wrong type", "k8s/keda/scaledobject.yaml", "  maxReplicaCount: 6", "  maxReplicaCount: \"6\"", "KEDA schema"},
	{"ScaledObject without triggers", "k8s/keda/scaledobject.yaml", "  triggers:", "  triggerz:", "KEDA schema"},
	{"unknown TriggerAuthentication field", "k8s/keda/scaledobject.yaml", "  secretTargetRef:", "  secretTargetRefs:", "unknown field"},
	{"wrong apiVersion", "k8s/pdb.yaml", "apiVersion: policy/v1", "apiVersion: policy/v1beta1", "apiVersion"},
	{"unknown config key", "k8s/configmap.yaml", "      group_id: triage", "      groupid: triage", "config"},
	// pod and container security
	{"pod runs as root", "k8s/deployment.yaml", "        runAsUser: 65532", "        runAsUser: 0", "pod security"},
	{"pod runAsNonRoot", "k8s/deployment.yaml", "      securityContext:\n        runAsNonRoot: true", "      securityContext:\n        runAsNonRoot: false", "pod security"},
	{"pod seccomp", "k8s/deployment.yaml", "        seccompProfile:\n          type: RuntimeDefault\n      topology", "        seccompProfile:\n          type: Unconfined\n      topology", "pod security"},
	{"service-account token", "k8s/deployment.yaml", "automountServiceAccountToken: false", "automountServiceAccountToken: true", "pod security"},
	{"writable root", "k8s/deployment.yaml", "readOnlyRootFilesystem: true", "readOnlyRootFilesystem: false", "container security"},
	{"capabilities kept", "k8s/deployment.yaml", `drop: ["ALL"]`, `drop: ["NET_RAW"]`, "container security"},
	{"privilege escalation", "k8s/deployment.yaml", "allowPrivilegeEscalation: false", "allowPrivilegeEscalation: true", "container security"},
	{"container seccomp", "k8s/deployment.yaml", "            seccompProfile:\n              type: RuntimeDefault", "            seccompProfile:\n              type: Unconfined", "container security"},
	{"container runAsNonRoot", "k8s/deployment.yaml", "            runAsNonRoot: true", "            runAsNonRoot: false", "container security"},
	// command, probes, volumes
	{"latest image", "k8s/deployment.yaml", "ghcr.io/triage/triage:0.1.0", "ghcr.io/triage/triage:latest", "command"},
	{"shell command", "k8s/deployment.yaml", `          args: ["--config"`, "          command: [\"/bin/sh\", \"-c\"]\n          args: [\"--config\"", "command"},
	{"config path", "k8s/deployment.yaml", `"/etc/triage/triage.yaml"]`, `"/etc/triage/config.yaml"]`, "command"},
	{"probe on a number", "k8s/deployment.yaml", "httpGet: {path: /readyz, port: admin}", "httpGet: {path: /readyz, port: 9464}", "probes"},
	{"probe on a missing port", "k8s/deployment.yaml", "httpGet: {path: /healthz, port: admin}\n            periodSeconds: 10", "httpGet: {path: /healthz, port: metrics}\n            periodSeconds: 10", "probes"},
	{"probe path", "k8s/deployment.yaml", "httpGet: {path: /readyz, port: admin}", "httpGet: {path: /healthz, port: admin}", "probes"},
	{"admin port moved", "k8s/configmap.yaml", `addr: ":9464"`, `addr: ":9090"`, "probes"},
	{"no /tmp", "k8s/deployment.yaml", "            - {name: tmp, mountPath: /tmp}\n", "", "volumes"},
	{"writable secret mount", "k8s/deployment.yaml", "mountPath: /var/run/secrets/triage, readOnly: true", "mountPath: /var/run/secrets/triage", "volumes"},
	// secrets and configuration
	{"API key outside the Secret", "k8s/configmap.yaml", "api_key_file: /var/run/secrets/triage/llm-api-key", "api_key_file: /var/run/secrets/triage/openai-api-key", "secret files"},
	{"Secret key missing", "k8s/secret/secret.example.yaml", "  kafka-sasl-password: REPLACE", "  kafka-password: REPLACE", "secret files"},
	{"env from a missing key", "k8s/deployment.yaml", "key: kafka-sasl-username", "key: kafka-user", "secret files"},
	{"invalid config", "k8s/configmap.yaml", "mechanism: scram-sha-512", "mechanism: gssapi", "config"},
	{"SASL user missing", "k8s/secret/secret.example.yaml", "  kafka-sasl-username: triage", "  kafka-sasl-username: \"\"", "config"},
	{"grace period too short", "k8s/deployment.yaml", "terminationGracePeriodSeconds: 40", "terminationGracePeriodSeconds: 20", "grace period"},
	{"shutdown longer than the grace period", "k8s/configmap.yaml", "shutdown_timeout: 20s", "shutdown_timeout: 45s", "grace period"},
	// selectors
	{"PDB selects nothing", "k8s/pdb.yaml", "      app.kubernetes.io/name: triage", "      app.kubernetes.io/name: triage-pdb", "pdb"},
	{"Service selects nothing", "k8s/service.yaml", "  selector:\n    app.kubernetes.io/name: triage", "  selector:\n    app: triage", "service"},
	{"Service targets a missing port", "k8s/service.yaml", "targetPort: admin", "targetPort: http", "service"},
	{"ServiceMonitor selects nothing", "k8s/monitoring/servicemonitor.yaml", "    matchLabels:\n      app.kubernetes.io/name: triage", "    matchLabels:\n      app: triage", "servicemonitor"},
	{"ServiceMonitor port", "k8s/monitoring/servicemonitor.yaml", "    - port: admin", "    - port: metrics", "servicemonitor"},
	{"ServiceMonitor drops the label", "k8s/monitoring/servicemonitor.yaml", "    - app.kubernetes.io/name\n", "    - app.kubernetes.io/component\n", "servicemonitor"},
	{"pods lack the alert label", "k8s/deployment.yaml", "    metadata:\n      labels:\n        app.kubernetes.io/name: triage", "    metadata:\n      labels:\n        app.kubernetes.io/name: triage-worker", "alert label"},
	// KEDA
	{"more replicas than partitions", "k8s/keda/scaledobject.yaml", "maxReplicaCount: 6", "maxReplicaCount: 12", "keda"},
	{"partitions documented lower", "../README.md", "--partitions 6", "--partitions 4", "keda"},
	{"scale to zero", "k8s/keda/scaledobject.yaml", "minReplicaCount: 1", "minReplicaCount: 0", "keda"},
	{"other consumer group", "k8s/keda/scaledobject.yaml", "consumerGroup: triage\n        topic: triage.inbound.emails", "consumerGroup: triage-v2\n        topic: triage.inbound.emails", "keda"},
	{"other topic", "k8s/keda/scaledobject.yaml", "topic: triage.inbound.tickets", "topic: triage.tickets", "keda"},
	{"ConfigMap topic renamed", "k8s/configmap.yaml", "emails: triage.inbound.emails", "emails: triage.in.emails", "keda"},
	{"other brokers", "k8s/keda/scaledobject.yaml", "bootstrapServers: kafka-0.kafka:9093,", "bootstrapServers: kafka-9.kafka:9093,", "keda"},
	{"idle consumers allowed", "k8s/keda/scaledobject.yaml", `allowIdleConsumers: "false"`, `allowIdleConsumers: "true"`, "keda"},
	{"other SASL mechanism", "k8s/keda/scaledobject.yaml", "sasl: scram_sha512", "sasl: scram_sha256", "keda"},
	{"KEDA reads another password", "k8s/keda/scaledobject.yaml", "{parameter: password, name: triage, key: kafka-sasl-password}", "{parameter: password, name: triage, key: llm-api-key}", "keda"},
	{"KEDA scales another Deployment", "k8s/keda/scaledobject.yaml", "  scaleTargetRef:\n    name: triage", "  scaleTargetRef:\n    name: triage-worker", "keda"},
}

// Each check fails on a broken copy of the manifests: a load error, or
// the failure of the check named in want.
func TestManifestMutationsAreCaught(t *testing.T) {
	caught(t, readManifests(t), mutations, func(fs files) []error {
		b, err := load(fs)
		if err != nil {
			return []error{err}
		}
		return runChecks(b)
	})
}
