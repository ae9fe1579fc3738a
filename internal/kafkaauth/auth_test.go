package kafkaauth_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/segmentio/kafka-go"
	"github.com/triage/triage/internal/kafkaauth"
	"github.com/triage/triage/internal/kafkatest"
)

func TestNewRejectsIncompleteSettingsNamingThem(t *testing.T) {
	dir := t.TempDir()
	notPEM := filepath.Join(dir, "ca.txt")
	os.WriteFile(notPEM, []byte("not a certificate"), 0o600)
	empty := filepath.Join(dir, "empty")
	os.WriteFile(empty, []byte("\n"), 0o600)
	cases := []struct {
		name string
		cfg  kafkaauth.Config
		want string
	}{
		{"password without mechanism", kafkaauth.Config{SASL: kafkaauth.SASL{Username: "u", Password: "p"}}, "kafka.sasl.mechanism: required"},
		{"unknown mechanism", kafkaauth.Config{SASL: kafkaauth.SASL{Mechanism: "gssapi", Username: "u", Password: "p"}}, "must be plain, scram-sha-256 or scram-sha-512"},
		{"no password", kafkaauth.Config{SASL: kafkaauth.SASL{Mechanism: "plain", Username: "u"}}, "needs kafka.sasl.username and a password"},
		{"both passwords", kafkaauth.Config{SASL: kafkaauth.SASL{Mechanism: "plain", Username: "u", Password: "p", PasswordFile: empty}}, "not both"},
		{"empty password file", kafkaauth.Config{SASL: kafkaauth.SASL{Mechanism: "plain", Username: "u", PasswordFile: empty}}, "is empty"},
		{"missing password file", kafkaauth.Config{SASL: kafkaauth.SASL{Mechanism: "plain", Username: "u", PasswordFile: filepath.Join(dir, "nope")}}, "kafka.sasl.password_file"},
		{"ca not PEM", kafkaauth.Config{TLS: kafkaauth.TLS{CAFile: notPEM}}, "holds no PEM certificate"},
		{"missing ca", kafkaauth.Config{TLS: kafkaauth.TLS{CAFile: filepath.Join(dir, "nope")}}, "kafka.tls.ca_file"},
		{"cert without key", kafkaauth.Config{TLS: kafkaauth.TLS{CertFile: notPEM}}, "set both"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := kafkaauth.New(c.cfg)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("New: got %v, want an error containing %q", err, c.want)
			}
		})
	}
}

func TestPlaintextIsNil(t *testing.T) {
	a, err := kafkaauth.New(kafkaauth.Config{})
	if err != nil || a != nil {
		t.Fatalf("New(empty) = %v, %v; want nil, nil", a, err)
	}
	if a.Transport().TLS != nil || a.Dialer(time.Second).SASLMechanism != nil || a.String() != "plaintext" {
		t.Fatal("a nil Auth must give plaintext clients")
	}
}

func TestSecretsAreNeverFormatted(t *testing.T) {
	file := filepath.Join(t.TempDir(), "pw")
	os.WriteFile(file, []byte("file-secret\n"), 0o600)
	for _, c := range []kafkaauth.SASL{
		{Mechanism: "plain", Username: "alice", Password: "inline-secret"},
		{Mechanism: "scram-sha-512", Username: "alice", PasswordFile: file},
	} {
		a, err := kafkaauth.New(kafkaauth.Config{SASL: c, TLS: kafkaauth.TLS{Enabled: true}})
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range []string{a.String(), fmt.Sprint(a), fmt.Sprintf("%+v", a), a.LogValue().String()} {
			if strings.Contains(s, "secret") {
				t.Fatalf("formatted Auth shows the password: %s", s)
			}
			if !strings.Contains(s, "alice") || !strings.Contains(s, "tls") {
				t.Fatalf("formatted Auth should name the user and TLS: %s", s)
			}
		}
	}
}

// metadata makes one request with cfg against b and returns Explain's error.
func metadata(t *testing.T, addrs []string, cfg kafkaauth.Config) error {
	t.Helper()
	a, err := kafkaauth.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	_, err = a.Client(addrs, 10*time.Second).Metadata(ctx, &kafka.MetadataRequest{})
	return a.Explain(err)
}

func TestEveryMechanismConnects(t *testing.T) {
	for _, mech := range []string{"PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"} {
		t.Run(mech, func(t *testing.T) {
			b, _ := kafkatest.StartSecure(t, mech)
			if err := metadata(t, b.Addrs, b.Security); err != nil {
				t.Fatalf("metadata over mTLS + SASL %s: %v", mech, err)
			}
		})
	}
}

func TestMisconfigurationFailsFastSayingWhich(t *testing.T) {
	b, _ := kafkatest.StartSecure(t, "SCRAM-SHA-512")
	plain := kafkatest.Start(t)
	if plain.Real {
		t.Skip("needs the in-process plaintext broker")
	}
	with := func(f func(*kafkaauth.Config)) kafkaauth.Config { c := b.Security; f(&c); return c }
	cases := []struct {
		name  string
		addrs []string
		cfg   kafkaauth.Config
		want  string
	}{
		{"wrong password", b.Addrs, with(func(c *kafkaauth.Config) { c.SASL.Password = "wrong" }), "password"},
		{"unknown user", b.Addrs, with(func(c *kafkaauth.Config) { c.SASL.Username = "mallory" }), "kafka.sasl.username"},
		{"wrong mechanism", b.Addrs, with(func(c *kafkaauth.Config) { c.SASL.Mechanism = "plain" }), "kafka.sasl.mechanism"},
		{"untrusted certificate", b.Addrs, with(func(c *kafkaauth.Config) { c.TLS.CAFile = "" }), "authority we do not trust"},
		{"server name mismatch", b.Addrs, with(func(c *kafkaauth.Config) { c.TLS.ServerName = "kafka.example.com" }), "kafka.tls.server_name"},
		{"no client certificate", b.Addrs, with(func(c *kafkaauth.Config) { c.TLS.CertFile, c.TLS.KeyFile = "", "" }), "client certificate"},
		{"plaintext to a TLS listener", b.Addrs, kafkaauth.Config{}, "set kafka.tls.enabled"},
		{"TLS to a plaintext listener", plain.Addrs, kafkaauth.Config{TLS: kafkaauth.TLS{Enabled: true}}, "listener is plaintext"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := metadata(t, c.addrs, c.cfg)
			// kfake drops the connection on a failed login where a real
			// broker answers SASL_AUTHENTICATION_FAILED: suspect, not certain.
			if !(kafkaauth.IsFatal(err) || kafkaauth.IsSuspect(err)) || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("got %v; want a kafkaauth error containing %q", err, c.want)
			}
			var ae *kafkaauth.Error
			if errors.As(err, &ae) && strings.Contains(ae.Hint, kafkatest.SecurePassword) {
				t.Fatal("the hint shows the password")
			}
		})
	}
}

func TestBrokerDownIsNotASecurityFailure(t *testing.T) {
	port, err := kafkatest.FreePort()
	if err != nil {
		t.Fatal(err)
	}
	err = metadata(t, []string{fmt.Sprintf("127.0.0.1:%d", port)}, kafkaauth.Config{TLS: kafkaauth.TLS{Enabled: true}})
	if err == nil || kafkaauth.IsFatal(err) || kafkaauth.IsSuspect(err) {
		t.Fatalf("a refused connection is retryable, got %v", err)
	}
}
