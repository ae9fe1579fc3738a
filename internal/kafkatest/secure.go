package kafkatest

import (
	"crypto/tls"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/triage/triage/internal/kafkaauth"
	"github.com/twmb/franz-go/pkg/kfake"
)

// Secure fake broker credentials: the superuser every secure kfake cluster
// knows, with the same password for each mechanism.
const (
	SecureUser     = "triage"
	SecurePassword = "triage-test-secret"
)

var (
	envOnce sync.Once
	envCfg  kafkaauth.Config
	envAuth *kafkaauth.Auth
	envErr  error

	secureMu sync.Mutex
	secure   = map[string]security{} // first address of a secure fake -> its security
)

// EnvConfig is the security of the real broker named by KAFKA_BROKERS, from
// KAFKA_TLS_CA_FILE, KAFKA_TLS_CERT_FILE, KAFKA_TLS_KEY_FILE,
// KAFKA_SASL_MECHANISM, KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD (what
// deploy/kafka/kafka.sh secure-env prints). All empty is plaintext.
func EnvConfig() kafkaauth.Config {
	load()
	return envCfg
}

func load() {
	envOnce.Do(func() {
		envCfg = kafkaauth.Config{
			TLS: kafkaauth.TLS{CAFile: os.Getenv("KAFKA_TLS_CA_FILE"), CertFile: os.Getenv("KAFKA_TLS_CERT_FILE"), KeyFile: os.Getenv("KAFKA_TLS_KEY_FILE")},
			SASL: kafkaauth.SASL{Mechanism: os.Getenv("KAFKA_SASL_MECHANISM"), Username: os.Getenv("KAFKA_SASL_USERNAME"),
				Password: os.Getenv("KAFKA_SASL_PASSWORD")},
		}
		envAuth, envErr = kafkaauth.New(envCfg)
	})
}

// security is a broker's settings and their loaded form.
type security struct {
	cfg  kafkaauth.Config
	auth *kafkaauth.Auth
}

// securityFor is the security of a connection to brokers: a secure fake's
// own, else the environment's for a real broker, else plaintext (zero).
func securityFor(brokers []string) security {
	if len(brokers) == 0 {
		return security{}
	}
	secureMu.Lock()
	sec, ok := secure[brokers[0]]
	secureMu.Unlock()
	if ok {
		return sec
	}
	if !slices.Contains(strings.Split(os.Getenv("KAFKA_BROKERS"), ","), brokers[0]) {
		return security{}
	}
	load()
	if envErr != nil {
		panic("kafkatest: KAFKA_TLS_*/KAFKA_SASL_* settings: " + envErr.Error())
	}
	return security{cfg: envCfg, auth: envAuth}
}

// authFor is securityFor's loaded form (nil: plaintext).
func authFor(brokers []string) *kafkaauth.Auth { return securityFor(brokers).auth }

// StartSecure starts an in-process kfake broker that speaks only TLS with
// client certificates required (mTLS) and SASL with mechanism (PLAIN,
// SCRAM-SHA-256 or SCRAM-SHA-512) for SecureUser. It returns the broker,
// whose Security is what a client needs, and the PKI files.
func StartSecure(t testing.TB, mechanism string) (*Broker, *Certs) {
	t.Helper()
	certs, err := NewCerts(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	srv := &tls.Config{Certificates: []tls.Certificate{certs.Server}, ClientCAs: certs.Pool, ClientAuth: tls.RequireAndVerifyClientCert, MinVersion: tls.VersionTLS12}
	c, err := NewFake(kfake.TLS(srv), kfake.EnableSASL(), kfake.Superuser(mechanism, SecureUser, SecurePassword))
	if err != nil {
		t.Fatalf("kafkatest: start secure kfake: %v", err)
	}
	t.Cleanup(c.Close)
	cfg := kafkaauth.Config{
		TLS:  kafkaauth.TLS{CAFile: certs.CAFile, CertFile: certs.ClientCert, KeyFile: certs.ClientKey},
		SASL: kafkaauth.SASL{Mechanism: mechanism, Username: SecureUser, Password: SecurePassword},
	}
	a, err := kafkaauth.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	addrs := c.ListenAddrs()
	secureMu.Lock()
	secure[addrs[0]] = security{cfg: cfg, auth: a}
	secureMu.Unlock()
	t.Cleanup(func() { secureMu.Lock(); delete(secure, addrs[0]); secureMu.Unlock() })
	t.Logf("broker=kfake-secure addrs=%v security=%s", addrs, a)
	return &Broker{Addrs: addrs, Security: cfg, Auth: a}, certs
}

// Cluster is the broker with its security, for code that connects.
func (b *Broker) Cluster() kafkaauth.Cluster {
	return kafkaauth.Cluster{Brokers: b.Addrs, Auth: b.Auth}
}

// Flags are the triage command-line flags that reach this broker: the
// brokers and, when it is secured, the kafka.tls.* and kafka.sasl.* settings.
func (b *Broker) Flags() []string {
	f := []string{"--kafka.brokers", strings.Join(b.Addrs, ",")}
	t, s := b.Security.TLS, b.Security.SASL
	for _, kv := range [][2]string{
		{"kafka.tls.ca_file", t.CAFile}, {"kafka.tls.cert_file", t.CertFile}, {"kafka.tls.key_file", t.KeyFile},
		{"kafka.sasl.mechanism", s.Mechanism}, {"kafka.sasl.username", s.Username}, {"kafka.sasl.password", s.Password},
	} {
		if kv[1] != "" {
			f = append(f, "--"+kv[0], kv[1])
		}
	}
	return f
}

// ClusterOf is brokers with the security kafkatest knows for them (a secure
// fake's, or the environment's for the real broker).
func ClusterOf(brokers []string) kafkaauth.Cluster {
	return kafkaauth.Cluster{Brokers: brokers, Auth: authFor(brokers)}
}
