// Package kafkaauth turns the kafka.tls.* and kafka.sasl.* settings into the
// TLS configuration and SASL mechanism of every Kafka connection triage
// makes: the consumer group, the producer, lag and admin calls, replay,
// offsets reset and dead-letter re-drive. A nil *Auth is a plaintext,
// unauthenticated connection.
//
// Secrets (the SASL password, the client key) are read once, in New, and
// never formatted: Auth's String and LogValue name the mechanism, the user
// and the files, not their contents.
package kafkaauth

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"time"

	"github.com/segmentio/kafka-go"
	"github.com/segmentio/kafka-go/sasl"
	"github.com/segmentio/kafka-go/sasl/plain"
	"github.com/segmentio/kafka-go/sasl/scram"
)

// TLS is kafka.tls.*: how to encrypt and whom to trust.
type TLS struct {
	Enabled    bool   `yaml:"enabled" doc:"connect to the brokers over TLS (implied by any other kafka.tls setting)"`
	CAFile     string `yaml:"ca_file" doc:"PEM file of the CA(s) that sign the brokers' certificates; empty trusts the system roots"`
	CertFile   string `yaml:"cert_file" doc:"PEM client certificate for mutual TLS (with kafka.tls.key_file)"`
	KeyFile    string `yaml:"key_file" doc:"PEM private key of kafka.tls.cert_file; never logged"`
	ServerName string `yaml:"server_name" doc:"name expected in the brokers' certificates when it differs from the host in kafka.brokers"`
}

// SASL is kafka.sasl.*: who we are.
type SASL struct {
	Mechanism    string `yaml:"mechanism" doc:"SASL mechanism: plain, scram-sha-256 or scram-sha-512; empty disables SASL (use with kafka.tls, PLAIN sends the password as is)"`
	Username     string `yaml:"username" doc:"SASL user name"`
	Password     string `yaml:"password" doc:"SASL password; prefer TRIAGE_KAFKA_SASL_PASSWORD or kafka.sasl.password_file; never logged"`
	PasswordFile string `yaml:"password_file" doc:"file holding the SASL password (e.g. a mounted secret); read when the configuration is loaded"`
}

// Config is both halves.
type Config struct {
	TLS  TLS
	SASL SASL
}

// on reports whether any TLS setting is given.
func (t TLS) on() bool {
	return t.Enabled || t.CAFile != "" || t.CertFile != "" || t.KeyFile != "" || t.ServerName != ""
}

// Auth is a loaded security configuration. It is immutable and safe for
// concurrent use; the zero of *Auth (nil) is plaintext.
type Auth struct {
	tls  *tls.Config
	mech sasl.Mechanism
	desc string
	user string
}

// maxSecretBytes bounds what is read from a password file.
const maxSecretBytes = 4 << 10

// New loads c's files and returns the Auth, or nil when c asks for neither
// TLS nor SASL. Errors name the setting and say what to fix.
func New(c Config) (*Auth, error) {
	if !c.TLS.on() && c.SASL.Mechanism == "" {
		if c.SASL.Username != "" || c.SASL.Password != "" || c.SASL.PasswordFile != "" {
			return nil, errors.New("kafkaauth: kafka.sasl.mechanism: required when a SASL user or password is set (plain, scram-sha-256 or scram-sha-512)")
		}
		return nil, nil
	}
	a := &Auth{}
	var desc []string
	if c.TLS.on() {
		t, err := loadTLS(c.TLS)
		if err != nil {
			return nil, err
		}
		a.tls = t
		desc = append(desc, "tls")
		if c.TLS.CertFile != "" {
			desc[len(desc)-1] = "mtls"
		}
	}
	if c.SASL.Mechanism != "" {
		m, err := mechanism(c.SASL)
		if err != nil {
			return nil, err
		}
		a.mech, a.user = m, c.SASL.Username
		desc = append(desc, "sasl "+strings.ToLower(c.SASL.Mechanism)+" user "+c.SASL.Username)
	}
	a.desc = strings.Join(desc, ", ")
	return a, nil
}

func loadTLS(c TLS) (*tls.Config, error) {
	t := &tls.Config{MinVersion: tls.VersionTLS12, ServerName: c.ServerName}
	if c.CAFile != "" {
		pem, err := os.ReadFile(c.CAFile)
		if err != nil {
			return nil, fmt.Errorf("kafkaauth: kafka.tls.ca_file: %w", err)
		}
		t.RootCAs = x509.NewCertPool()
		if !t.RootCAs.AppendCertsFromPEM(pem) {
			return nil, fmt.Errorf("kafkaauth: kafka.tls.ca_file: %s holds no PEM certificate", c.CAFile)
		}
	}
	if (c.CertFile == "") != (c.KeyFile == "") {
		return nil, errors.New("kafkaauth: kafka.tls.cert_file and kafka.tls.key_file: set both for mutual TLS, or neither")
	}
	if c.CertFile != "" {
		pair, err := tls.LoadX509KeyPair(c.CertFile, c.KeyFile)
		if err != nil {
			return nil, fmt.Errorf("kafkaauth: kafka.tls.cert_file/key_file: %w", err)
		}
		t.Certificates = []tls.Certificate{pair}
	}
	return t, nil
}

func mechanism(c SASL) (sasl.Mechanism, error) {
	pass := c.Password
	if c.PasswordFile != "" {
		if pass != "" {
			return nil, errors.New("kafkaauth: kafka.sasl.password_file: set either kafka.sasl.password or kafka.sasl.password_file, not both")
		}
		b, err := readSecret(c.PasswordFile)
		if err != nil {
			return nil, fmt.Errorf("kafkaauth: kafka.sasl.password_file: %w", err)
		}
		pass = b
	}
	if c.Username == "" || pass == "" {
		return nil, fmt.Errorf("kafkaauth: kafka.sasl: mechanism %s needs kafka.sasl.username and a password (kafka.sasl.password_file or TRIAGE_KAFKA_SASL_PASSWORD)", c.Mechanism)
	}
	switch strings.ToLower(c.Mechanism) {
	case "plain":
		return plain.Mechanism{Username: c.Username, Password: pass}, nil
	case "scram-sha-256":
		return scram.Mechanism(scram.SHA256, c.Username, pass)
	case "scram-sha-512":
		return scram.Mechanism(scram.SHA512, c.Username, pass)
	}
	return nil, fmt.Errorf("kafkaauth: kafka.sasl.mechanism: must be plain, scram-sha-256 or scram-sha-512, got %q", c.Mechanism)
}

// readSecret reads a small secret file and trims one trailing newline
// (what `echo` and most secret tooling write).
func readSecret(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	buf := make([]byte, maxSecretBytes+1)
	n, _ := f.Read(buf)
	if n > maxSecretBytes {
		return "", fmt.Errorf("%s is larger than %d bytes: not a password file", path, maxSecretBytes)
	}
	s := strings.TrimRight(string(buf[:n]), "\r\n")
	if s == "" {
		return "", fmt.Errorf("%s is empty", path)
	}
	return s, nil
}

// TLSConfig is the TLS configuration, nil for plaintext. Do not modify it.
func (a *Auth) TLSConfig() *tls.Config {
	if a == nil {
		return nil
	}
	return a.tls
}

// Mechanism is the SASL mechanism, nil for none.
func (a *Auth) Mechanism() sasl.Mechanism {
	if a == nil {
		return nil
	}
	return a.mech
}

// Transport returns a new kafka-go transport that connects with a's
// security; the caller may set its other fields before first use.
func (a *Auth) Transport() *kafka.Transport {
	return &kafka.Transport{ClientID: "triage", TLS: a.TLSConfig(), SASL: a.Mechanism()}
}

// Dialer returns a new kafka-go dialer (for the consumer group's
// coordinator connections and single-partition readers) with a's security.
func (a *Auth) Dialer(timeout time.Duration) *kafka.Dialer {
	return &kafka.Dialer{ClientID: "triage", Timeout: timeout, DualStack: true, TLS: a.TLSConfig(), SASLMechanism: a.Mechanism()}
}

// Client returns an admin/metadata client for brokers with a's security.
func (a *Auth) Client(brokers []string, timeout time.Duration) *kafka.Client {
	return &kafka.Client{Addr: kafka.TCP(brokers...), Timeout: timeout, Transport: a.Transport()}
}

// String describes the security in force, without secrets.
func (a *Auth) String() string {
	if a == nil {
		return "plaintext"
	}
	return a.desc
}

// LogValue logs like String.
func (a *Auth) LogValue() slog.Value { return slog.StringValue(a.String()) }

// Cluster is a Kafka cluster to connect to: its bootstrap brokers and the
// security of every connection to them.
type Cluster struct {
	Brokers []string
	Auth    *Auth // nil: plaintext
}

// Client is an admin/metadata client of the cluster.
func (c Cluster) Client(timeout time.Duration) *kafka.Client {
	return c.Auth.Client(c.Brokers, timeout)
}

// DialLeader connects to the leader of topic/partition, trying each
// bootstrap broker in turn.
func (c Cluster) DialLeader(ctx context.Context, topic string, partition int) (*kafka.Conn, error) {
	d := c.Auth.Dialer(10 * time.Second)
	err := errors.New("no brokers")
	for _, b := range c.Brokers {
		var conn *kafka.Conn
		if conn, err = d.DialLeader(ctx, "tcp", b, topic, partition); err == nil {
			return conn, nil
		}
	}
	return nil, c.Auth.Explain(err)
}
