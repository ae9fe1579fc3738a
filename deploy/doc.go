// Package deploy has no code: it is the home of the deployment files
// (Kubernetes manifests under k8s/, compose.yaml, the Prometheus rules and
// configuration, the Grafana dashboard) and of the tests that keep them
// valid and consistent with each other and with triage's configuration:
//
//   - every Kubernetes manifest decodes strictly into the Kubernetes API
//     types (the ServiceMonitor into the Prometheus Operator's), and the
//     KEDA ScaledObject validates against KEDA's CRD schema;
//   - compose.yaml validates against the Compose Specification's schema,
//     and everything it mounts exists;
//   - the rules and the dashboard select the label that every documented
//     scrape setup produces, and the promtool tests feed them exactly the
//     labels those setups produce;
//   - each check fails on a broken copy (the *Mutation* tests).
//
// The schemas are copies under testdata/, with their licences.
package deploy
