// Package image builds and inspects triage's container image without a
// Docker daemon, with go-containerregistry: one layer on an empty base
// holding the static binary and a CA bundle, run as a numeric non-root user,
// no shell. The repository's Dockerfile describes the same image for
// "docker build"; a test parses it and compares it with Triage, so the two
// cannot drift apart.
//
// Build makes the image, WriteLayout and WriteTarball store it, a Registry
// serves one on loopback to prove the push path, Inspect reads any image
// back into a Report, and Report.Check judges it against a Spec and Limits.
// The command internal/image/cmd/mkimage drives them (deploy/image.sh, CI).
package image

// Spec is the runtime contract of the image: what the Dockerfile's final
// stage says and what Build writes into the image config.
type Spec struct {
	Entrypoint []string // resolved through PATH, like Docker does
	User       string   // numeric uid:gid, so runAsNonRoot can verify it without /etc/passwd
	Path       string   // the PATH environment variable
	Port       string   // the admin server's port, e.g. "9464/tcp"
	Binary     string   // where the triage binary lives
	CACerts    string   // where the CA bundle lives (Go's crypto/x509 reads it there)
}

// Triage is the image triage ships. k8s "args" become flags of "triage run".
var Triage = Spec{
	Entrypoint: []string{"triage", "run"},
	User:       "65532:65532",
	Path:       "/usr/local/bin",
	Port:       "9464/tcp",
	Binary:     "/usr/local/bin/triage",
	CACerts:    "/etc/ssl/certs/ca-certificates.crt",
}

// Source is the org.opencontainers.image.source label.
const Source = "https://github.com/triage/triage"

// Label keys written by Build and required by Check.
const (
	LabelVersion  = "org.opencontainers.image.version"
	LabelRevision = "org.opencontainers.image.revision"
	LabelSource   = "org.opencontainers.image.source"
	LabelCreated  = "org.opencontainers.image.created"
	LabelTitle    = "org.opencontainers.image.title"
)

// Limits bound what Check accepts.
type Limits struct {
	MaxCompressed   int64 // bytes a pull transfers: manifest, config and compressed layers
	MaxUncompressed int64 // bytes of file contents in the image
}

// DefaultLimits are the bounds the README states: 32 MiB to pull, 80 MiB
// unpacked (the stripped static binary is most of both).
var DefaultLimits = Limits{MaxCompressed: 32 << 20, MaxUncompressed: 80 << 20}
