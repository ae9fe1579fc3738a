package kafkaauth_test

import (
	"strings"
	"testing"

	"github.com/triage/triage/internal/kafkaauth"
	"github.com/triage/triage/internal/kafkatest"
)

// secured is the test's secured broker: the real one when CI points
// KAFKA_BROKERS at its SASL_SSL listener, else an in-process one.
func secured(t *testing.T) *kafkatest.Broker {
	if b := kafkatest.Start(t); b.Auth != nil {
		return b
	}
	b, _ := kafkatest.StartSecure(t, "SCRAM-SHA-512")
	return b
}

// Over the real SASL_SSL listener (CI) a wrong password, an untrusted
// certificate and a missing client certificate are certain failures,
// reported as such; every mechanism the broker enables logs in.
func TestIntegrationSecurityErrorsSayWhich(t *testing.T) {
	b := secured(t)
	if err := metadata(t, b.Addrs, b.Security); err != nil {
		t.Fatalf("the configured security must connect: %v", err)
	}
	if b.Real {
		for _, mech := range []string{"plain", "scram-sha-256", "scram-sha-512"} {
			c := b.Security
			c.SASL.Mechanism = mech
			if err := metadata(t, b.Addrs, c); err != nil {
				t.Errorf("mechanism %s: %v", mech, err)
			}
		}
	}
	with := func(f func(*kafkaauth.Config)) kafkaauth.Config { c := b.Security; f(&c); return c }
	cases := []struct {
		name string
		cfg  kafkaauth.Config
		want string
	}{
		{"wrong password", with(func(c *kafkaauth.Config) { c.SASL.Password += "x" }), "password"},
		{"untrusted certificate", with(func(c *kafkaauth.Config) { c.TLS.CAFile = "" }), "kafka.tls.ca_file"},
		{"no client certificate", with(func(c *kafkaauth.Config) { c.TLS.CertFile, c.TLS.KeyFile = "", "" }), "client certificate"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := metadata(t, b.Addrs, c.cfg)
			certain := kafkaauth.IsFatal(err)
			if !(certain || (!b.Real && kafkaauth.IsSuspect(err))) || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("got %v; want a certain kafkaauth error containing %q", err, c.want)
			}
			t.Logf("broker real=%v: %v", b.Real, err)
		})
	}
}
